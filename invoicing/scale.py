"""Scale dataset: the closed months' invoices and the payouts
(``manage.py seed_scale``; see ``enterprise.scale``).

Every paid subtask is on a paid statement of the last pay date (one
statement per worker, figures by the payout run's own ``statement_figures``);
every approved one is a line scheduled for the next pay date. Each invoiced
engagement is billed on its client's invoice of one of the two months the
demo closed. Numbers continue each document sequence.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict

from django.db.models import F
from django.utils import timezone

from enterprise.calendar import add_months, month_end
from enterprise.models import OperatorProfile
from enterprise.scale import BATCH
from workers.models import WorkerProfile

from .models import Invoice, InvoiceLine, PayoutLine, PayoutStatement
from .models.sequences import DocumentSequence
from .numbering import format_document_number
from .services.payouts._base import fiscal_year_of
from .services.payouts.policy import tax_treatment_for
from .services.payouts.run import LineInput, statement_figures
from .services.payouts.schedule import calendar_pay_date

ENGAGEMENT_PRICE = 440_000  # the scale quotes' work and direction fee


def _numbers(kind: str, fiscal_year: int, count: int) -> range:
    """``count`` numbers reserved at the end of a document sequence."""
    sequence, _created = DocumentSequence.objects.get_or_create(
        kind=kind, fiscal_year=fiscal_year
    )
    start = sequence.last_number + 1
    DocumentSequence.objects.filter(pk=sequence.pk).update(
        last_number=F("last_number") + count
    )
    return range(start, start + count)


def _invoices(world: dict, operator, today) -> int:
    """One issued invoice per client and closed month for its invoiced work."""
    from engagements.models import Engagement

    billed = defaultdict(list)
    for pk, client_id in Engagement.objects.filter(
        state=Engagement.State.INVOICED, client__in=world["clients"]
    ).values_list("pk", "client_id"):
        billed[client_id, pk % 2 + 1].append(pk)
    invoices, year = [], today.year
    numbers = iter(_numbers("invoice", year, len(billed)))
    for (client_id, back), engagement_ids in billed.items():
        y, m = add_months(today.year, today.month, -back)
        subtotal = ENGAGEMENT_PRICE * len(engagement_ids)
        end = month_end(y, m)
        invoice = Invoice(
            client_id=client_id, close_period=f"{y:04d}-{m:02d}",
            period_start=end.replace(day=1), period_end=end,
            due_date=end + datetime.timedelta(days=30),
            subtotal=subtotal, tax=subtotal // 10, total=subtotal + subtotal // 10,
            tax_breakdown=[{"rate": "0.10", "base": subtotal, "tax": subtotal // 10}],
            issuer_name=operator.legal_name, recipient_name="規模クライアント",
        )  # fmt: skip
        invoice.engagement_ids = engagement_ids
        invoices.append(invoice)
    Invoice.objects.bulk_create(invoices, batch_size=BATCH)
    InvoiceLine.objects.bulk_create(
        (
            InvoiceLine(invoice=i, position=n, kind=InvoiceLine.Kind.WORK,
                        engagement_id=e, description="記事作成一式",
                        unit_price=ENGAGEMENT_PRICE, amount=ENGAGEMENT_PRICE)
            for i in invoices
            for n, e in enumerate(i.engagement_ids)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    # Lines go on a draft; then each invoice is issued, as the close does
    # (a row at a time: the state is protected from assignment).
    for invoice in invoices:
        Invoice.objects.filter(pk=invoice.pk).update(
            state=Invoice.State.ISSUED,
            fiscal_year=year,
            number=format_document_number(
                operator.invoice_number_prefix, year, next(numbers)
            ),
            issue_date=invoice.period_end,
            issued_at=timezone.now(),
        )
    return len(invoices)


def _line(row, pay_date, paid: bool) -> PayoutLine:
    subtask_id, worker_id, engagement_id, category, reward, approved_at, _p = row
    received = timezone.localtime(approved_at).date()
    return PayoutLine(
        worker_id=worker_id, kind=PayoutLine.Kind.REWARD, subtask_id=subtask_id,
        engagement_id=engagement_id, description=f"報酬 {subtask_id}",
        category_code=category, amount=reward, withholding_subject=True,
        received_on=received, pay_date=pay_date,
        latest_legal_date=received + datetime.timedelta(days=59),
        state=PayoutLine.State.PAID if paid else PayoutLine.State.SCHEDULED,
    )  # fmt: skip


def _statement(worker_id, lines, profile, *, pay_date, number, operator, year):
    treatment = tax_treatment_for(profile, operator)
    figures = statement_figures(
        lines=[LineInput(x.amount, True, x.received_on, x.fee) for x in lines],
        treatment=treatment, individual=True, pay_date=pay_date,
        rounding=operator.default_tax_rounding,
    )  # fmt: skip
    return PayoutStatement(
        worker_id=worker_id, number=number, fiscal_year=year, pay_date=pay_date,
        issue_date=pay_date - datetime.timedelta(days=5),
        state=PayoutStatement.State.PAID, payer_name=operator.legal_name,
        payer_registration_number=operator.registration_number,
        payer_address=f"〒{operator.postal_code} {operator.address}",
        worker_name=profile.legal_name, worker_kind=profile.kind,
        worker_registration_number=profile.registration_number,
        period_start=min(x.received_on for x in lines),
        period_end=max(x.received_on for x in lines), tax_treatment=treatment,
        **asdict(figures) | {"credit_breakdown": list(figures.credit_breakdown)},
        paid_at=timezone.now(),
    )  # fmt: skip


def _payouts(world: dict, operator, today) -> tuple[int, int, datetime.date]:
    past = calendar_pay_date(today - datetime.timedelta(days=70), operator)
    upcoming = calendar_pay_date(today, operator)
    paid = [_line(r, past, True) for r in world["done_subtasks"] if r[6]]
    by_worker = defaultdict(list)
    for line in paid:
        by_worker[line.worker_id].append(line)
    profiles = WorkerProfile.objects.in_bulk(list(by_worker), field_name="user_id")
    year = fiscal_year_of(past, operator.fiscal_year_start_month)
    numbers = iter(_numbers("payout_statement", year, len(by_worker)))
    statements = [
        _statement(
            worker_id,
            lines,
            profiles[worker_id],
            pay_date=past,
            year=year,
            number=format_document_number("PS", year, next(numbers)),
            operator=operator,
        )  # fmt: skip
        for worker_id, lines in by_worker.items()
    ]
    PayoutStatement.objects.bulk_create(statements, batch_size=BATCH)
    for statement in statements:
        for line in by_worker[statement.worker_id]:
            line.statement = statement
    PayoutLine.objects.bulk_create(paid, batch_size=BATCH)
    scheduled = [_line(r, upcoming, False) for r in world["done_subtasks"] if not r[6]]
    PayoutLine.objects.bulk_create(scheduled, batch_size=BATCH)
    return len(statements), len(scheduled), upcoming


def seed(world: dict, *, sizes: dict, stdout) -> None:
    operator, today = OperatorProfile.get(), timezone.localdate()
    invoices = _invoices(world, operator, today)
    statements, scheduled, upcoming = _payouts(world, operator, today)
    stdout.write(
        f"  invoicing: {invoices} invoices of the two closed months, "
        f"{statements} paid statements, {scheduled} lines scheduled for {upcoming}"
    )
