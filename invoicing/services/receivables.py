"""Receivables (売掛金): the aging report as of a date, and the dunning run
(督促) that writes, renders and mails a reminder at each operator-set step.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from enterprise.audit import log_action
from enterprise.notify import notify
from enterprise.pdf import render_pdf, store_document

from ..models import CreditNote, DunningLetter, DunningStep, Invoice, Payment
from .billing import _billing_recipients, require, require_finance

OPEN_STATES = (Invoice.State.ISSUED, Invoice.State.SENT)
# (key, lowest and highest days past due; None = no bound)
BUCKETS = (
    ("current", 0, None),
    ("days_1_30", 1, 30),
    ("days_31_60", 31, 60),
    ("days_61_90", 61, 90),
    ("over_90", 91, None),
)
BUCKET_LABELS = {
    "current": gettext_lazy("Not yet due"),
    "days_1_30": gettext_lazy("1–30 days"),
    "days_31_60": gettext_lazy("31–60 days"),
    "days_61_90": gettext_lazy("61–90 days"),
    "over_90": gettext_lazy("Over 90 days"),
}
DUNNING_TEMPLATE = "pdf/dunning_letter.html"


def _sum_before(model, date_field: str, expression, as_of):
    rows = (
        model.objects.filter(invoice=OuterRef("pk"), **{f"{date_field}__lte": as_of})
        .order_by()
        .values("invoice")
        .annotate(s=Sum(expression))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def open_as_of(as_of: datetime.date):
    """Issued invoices with something owed on ``as_of``: payments received
    and credit notes issued after that day do not count yet."""
    balance = ExpressionWrapper(
        F("total")
        - _sum_before(Payment, "received_on", F("amount") + F("discount"), as_of)
        - _sum_before(CreditNote, "issue_date", F("total"), as_of),
        output_field=IntegerField(),
    )
    return (
        Invoice.objects.exclude(state=Invoice.State.DRAFT)
        .filter(issue_date__lte=as_of)
        .annotate(owed=balance)
        .filter(owed__gt=0)
    )


def _bucket_case(as_of: datetime.date, low: int, high: int | None):
    def day(n):
        return Value(as_of - datetime.timedelta(days=n), output_field=DateField())

    if low == 0:
        condition = Q(due_date__isnull=True) | Q(due_date__gte=day(0))
    else:
        condition = Q(due_date__lte=day(low))
        if high is not None:
            condition &= Q(due_date__gte=day(high))
    return Sum(Case(When(condition, then=F("owed")), default=Value(0)))


def aging_report(*, as_of: datetime.date) -> dict:
    """売掛金年齢表: per client, what is owed on ``as_of`` by days past the
    due date (current, 1–30, 31–60, 61–90, over 90), and the totals."""
    buckets = {key: _bucket_case(as_of, low, high) for key, low, high in BUCKETS}
    rows = list(
        open_as_of(as_of)
        .values("client_id", "client__legal_name", "client__legal_name_kana")
        .annotate(**buckets, total_owed=Sum("owed"))
        .order_by("client__legal_name_kana", "client_id")
    )
    totals = {key: sum(row[key] for row in rows) for key, _l, _h in BUCKETS}
    totals["total_owed"] = sum(row["total_owed"] for row in rows)
    return {"as_of": as_of, "rows": rows, "totals": totals}


# --- dunning -----------------------------------------------------------------


def _due_step(days_late: int, steps: list[DunningStep]) -> DunningStep | None:
    """The latest step reached: a reminder missed earlier is not sent after
    a later one is due."""
    reached = [step for step in steps if step.days_after_due <= days_late]
    return reached[-1] if reached else None


def dunning_run(*, today: datetime.date | None = None) -> list[DunningLetter]:
    """Write a reminder for every open, overdue invoice whose next step is
    due and not yet written; mail it and render its PDF after commit."""
    today = today or timezone.localdate()
    steps = list(DunningStep.objects.order_by("days_after_due"))
    if not steps:
        return []
    first = today - datetime.timedelta(days=steps[0].days_after_due)
    candidates = (
        Invoice.objects.filter(state__in=OPEN_STATES, due_date__lte=first)
        .alias(
            owed=F("total")
            - F("paid_total")
            - F("discount_total")
            - F("credited_total")
        )
        .filter(owed__gt=0)
        .values_list("pk", "due_date")
    )
    letters = []
    for invoice_id, due_date in candidates:
        step = _due_step((today - due_date).days, steps)
        if step is None:
            continue
        letter = dunning_letter_write(invoice_id=invoice_id, step=step, today=today)
        if letter is not None:
            letters.append(letter)
    return letters


def dunning_letter_write(
    *, invoice_id: int, step: DunningStep, today: datetime.date
) -> DunningLetter | None:
    """One reminder, once: None when the invoice was paid meanwhile or this
    step (or a later one) was already written."""
    try:
        with transaction.atomic():
            invoice = (
                Invoice.objects.select_for_update()
                .select_related("client")
                .get(pk=invoice_id)
            )
            if invoice.state not in OPEN_STATES or invoice.balance <= 0:
                return None
            if invoice.dunning_letters.filter(
                step__days_after_due__gte=step.days_after_due
            ).exists():
                return None
            letter = DunningLetter.objects.create(
                invoice=invoice,
                step=step,
                issue_date=today,
                balance=invoice.balance,
                recipient_name=invoice.recipient_name,
            )
            log_action(
                target=invoice,
                action="invoicing.invoice.reminded",
                data={"step": step.days_after_due, "balance": invoice.balance},
            )
            notify(
                _billing_recipients(invoice),
                "invoicing/receivables/mail/reminder",
                {"invoice": invoice, "letter": letter, "step": step},
            )
            from ..tasks.receipts import render_dunning_pdf

            render_dunning_pdf.delay_on_commit(letter.pk)
            return letter
    except IntegrityError:
        return None  # another run wrote this step first


def dunning_letter_store_pdf(*, letter_id: int) -> str:
    """Render the reminder once and keep it with its SHA-256."""
    letter = DunningLetter.objects.select_related("invoice", "step").get(pk=letter_id)
    if letter.pdf_sha256:
        return letter.pdf_sha256
    content = render_pdf(
        DUNNING_TEMPLATE, {"letter": letter, "invoice": letter.invoice}
    )
    with transaction.atomic():
        letter = DunningLetter.objects.select_for_update().get(pk=letter_id)
        if letter.pdf_sha256:
            return letter.pdf_sha256
        return store_document(letter, "pdf", f"{letter.number}.pdf", content)


@transaction.atomic
def dunning_step_add(*, days_after_due: int, title: str, by) -> DunningStep:
    """A new reminder step. Raises BillingError (that day is taken) or
    PermissionDenied."""
    require_finance(by)
    require(
        not DunningStep.objects.filter(days_after_due=days_after_due).exists(),
        gettext("There is already a step on that day."),
    )
    step = DunningStep.objects.create(days_after_due=days_after_due, title=title)
    log_action(
        target=step,
        action="invoicing.dunning_step.added",
        by=by,
        data={"days_after_due": days_after_due, "title": title},
    )
    return step


@transaction.atomic
def dunning_step_remove(*, step: DunningStep, by) -> None:
    """Remove a step no reminder was written for (a written one stays as
    issued, with its step). Raises BillingError or PermissionDenied."""
    require_finance(by)
    require(
        not DunningLetter.objects.filter(step=step).exists(),
        gettext("Reminders were sent at this step; it stays."),
    )
    log_action(
        target=step,
        action="invoicing.dunning_step.removed",
        by=by,
        data={"days_after_due": step.days_after_due, "title": step.title},
    )
    step.delete()
