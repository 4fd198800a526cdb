"""The payout run: one payout statement (支払通知書) per worker and pay date.

A statement gathers the worker's scheduled lines due on or before the pay
date: the rewards without tax (subtotal), consumption tax once on that
subtotal (never per line), the fee the orders agreed, 源泉徴収 on the lines
whose kind of work the law names (for individuals only, on the amount
without tax when the statement shows tax separately, japan.md §2), and what
the bank sends: gross − fee − withholding. The bank transfer fee is never
deducted (法5条1項2号: a 減額 unless agreed in advance).
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections import defaultdict
from dataclasses import asdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise import outbox
from enterprise.audit import log_actions_bulk, update_logged
from enterprise.bulk import update_each
from enterprise.calendar import is_business_day
from enterprise.freelance import ReductionFlag, reduction_flags
from enterprise.fsm import apply_transition
from enterprise.models import OperatorProfile
from enterprise.money import payment_report_required
from enterprise.notify import notify
from enterprise.rates import cached_rates

from ...models import PayoutLine, PayoutStatement, TransferFeePayer
from ...numbering import allocate_number, allocate_numbers, format_document_number
from ._base import (
    PayoutError,
    fiscal_year_of,
    lock,
    require,
    require_finance,
    site_url,
)
from .figures import LineInput, StatementFigures, statement_figures
from .formats import mark_format_items_paid, payout_lines_collect_formats
from .policy import is_individual, tax_treatment_for, worker_profile
from .schedule import payout_lines_collect_reviews

NUMBER_PREFIX = "PS"


# --- the run ------------------------------------------------------------------------


def payout_run(
    *,
    pay_date: datetime.date,
    by,
    tax_separated: bool = True,
    issued_on: datetime.date | None = None,
) -> list[PayoutStatement]:
    """Issue the payout statements for ``pay_date`` now: one per worker with
    scheduled lines due on or before it, each worker in its own transaction.
    Held lines (60-day flags without a reason) wait. Running it again issues
    nothing new. Finance only. (The screens start a ``PayoutRun`` instead,
    which does the same per worker in the background: ``background.py``.)

    ``issued_on`` (default today) dates the statements; a statement is never
    dated after the payment it announces, so a run for a past pay date is
    dated on that pay date at the latest.

    Side effects: director review fees and the formats' rewards (task
    units, participation rewards, hourly weeks) are collected first; the lines move to
    their statement; after commit each statement's PDF is rendered and its
    worker mailed.
    """
    payout_run_check(pay_date=pay_date, by=by)
    payout_lines_collect_reviews()
    payout_lines_collect_formats()
    statements = []
    with cached_rates():
        pay = WorkerPay(
            pay_date=pay_date,
            by=by,
            tax_separated=tax_separated,
            issued_on=issued_on,
        )
        due = workers_due(pay_date)
        pay.prefetch(due)
        for worker_id in due:
            with transaction.atomic():
                statement = pay.pay(worker_id)
            if statement is not None:
                statements.append(statement)
    return statements


def payout_run_check(*, pay_date: datetime.date, by) -> None:
    """Finance only, on a business day; PermissionDenied or PayoutError."""
    require_finance(by)
    require(
        is_business_day(pay_date),
        _("%(date)s is a bank holiday: choose a business day.")
        % {"date": f"{pay_date:%Y/%m/%d}"},
    )


def workers_due(pay_date: datetime.date) -> list[int]:
    """The workers with scheduled lines due on or before ``pay_date``."""
    return list(workers_due_query(pay_date))


def workers_due_query(pay_date: datetime.date):
    """``workers_due`` as a query of one column (the run plans its items from
    it in SQL: ``runs.run_plan``)."""
    return (
        PayoutLine.objects.filter(
            state=PayoutLine.State.SCHEDULED, pay_date__lte=pay_date
        )
        .order_by("worker_id")
        .values_list("worker_id", flat=True)
        .distinct()
    )


class WorkerPay:
    """Pays workers one at a time with what every statement of a run shares
    read once: the operator's profile, and the workers (with profile and bank
    account) fetched in bulk by ``prefetch``."""

    def __init__(self, *, pay_date, by, tax_separated: bool = True, issued_on=None):
        self.pay_date, self.by, self.tax_separated = pay_date, by, tax_separated
        # Never dated after the payment it announces (a run for a past date).
        self.issued_on = min(issued_on or timezone.localdate(), pay_date)
        self.operator = OperatorProfile.get()
        self.workers: dict = {}

    def prefetch(self, worker_ids) -> None:
        users = get_user_model().objects.select_related("worker_profile__bank_account")
        self.workers.update(users.in_bulk(list(worker_ids)))

    def pay(self, worker_id: int) -> PayoutStatement | None:
        """The worker's statement, or None when nothing is (still) scheduled
        for them. Call inside ``transaction.atomic()``: the lines are locked,
        so a second run waits and then finds them on the statement."""
        lines = list(
            PayoutLine.objects.select_for_update()
            .filter(
                worker_id=worker_id,
                state=PayoutLine.State.SCHEDULED,
                pay_date__lte=self.pay_date,
            )
            .order_by("received_on", "id")
        )
        if not lines:
            return None
        if worker_id not in self.workers:
            self.prefetch([worker_id])
        return _issue_statement(
            self.workers[worker_id],
            lines,
            pay_date=self.pay_date,
            by=self.by,
            tax_separated=self.tax_separated,
            operator=self.operator,
            issued_on=self.issued_on,
        )

    def pay_many(self, worker_ids: list[int]) -> dict[int, PayoutStatement]:
        """``pay`` for many workers in one go, with the same statements,
        lines, audit rows, tasks and numbers as paying them one by one in
        ``worker_ids`` order, but a constant number of queries: the lines of
        all of them locked in one SELECT, one block of numbers (one lock on
        the sequence, taken last), one INSERT per kind of row. A worker with
        nothing (still) scheduled is left out of the answer. Call inside
        ``transaction.atomic()``; an error (a statement with nothing to
        transfer) raises and leaves the transaction to roll back."""
        lines: dict[int, list] = defaultdict(list)
        for line in (
            PayoutLine.objects.select_for_update()
            .filter(
                worker_id__in=worker_ids,
                state=PayoutLine.State.SCHEDULED,
                pay_date__lte=self.pay_date,
            )
            .order_by("worker_id", "received_on", "id")
        ):
            lines[line.worker_id].append(line)
        order = [worker_id for worker_id in worker_ids if worker_id in lines]
        if missing := [w for w in order if w not in self.workers]:
            self.prefetch(missing)
        statements = {
            worker_id: _statement_draft(
                self.workers[worker_id],
                lines[worker_id],
                pay_date=self.pay_date,
                by=self.by,
                tax_separated=self.tax_separated,
                operator=self.operator,
                issued_on=self.issued_on,
            )
            for worker_id in order
        }
        if not statements:
            return {}
        drafts = list(statements.values())
        # Saved, lines moved, logged and mailed under a number no one else
        # can see (this transaction's own), so the sequence row is locked
        # only for the numbering, writing the mails and the commit: parallel
        # chunks wait on it, and the less they wait the more a second
        # worker gains.
        placeholders = {}
        for draft in drafts:
            draft.number = f"{UNNUMBERED}{uuid.uuid4().hex}"
            placeholders[draft.number] = draft
        PayoutStatement.objects.bulk_create(drafts)
        _move_lines_to_statements(drafts, [line for w in order for line in lines[w]])
        _log_issued(drafts, self.pay_date, self.by)
        with outbox.collected():
            for statement in drafts:
                _queue_pdf(statement)
        with outbox.collected() as mails:
            # The mail quotes the number: rendered now (200 mails took longer
            # than everything else under the lock), the number put in below.
            for statement in drafts:
                _notify_issued(statement)
            _number_statements(drafts)
            _quote_numbers(mails, placeholders)
        return statements


UNNUMBERED = "PS-TMP-"  # + 32 hex, until _number_statements numbers it
_PLACEHOLDER = re.compile(rf"{UNNUMBERED}[0-9a-f]{{32}}")


def _quote_numbers(messages: list, placeholders: dict) -> None:
    """Put the numbers of the now numbered statements (``placeholders``:
    each one's placeholder → the statement) in place of the placeholders in
    the queued ``messages``' text arguments."""

    def numbered(value):
        if not isinstance(value, str) or UNNUMBERED not in value:
            return value
        return _PLACEHOLDER.sub(lambda match: placeholders[match[0]].number, value)

    for message in messages:
        message.args = [numbered(arg) for arg in message.args]
        message.kwargs = {key: numbered(v) for key, v in message.kwargs.items()}


def _number_statements(statements: list) -> None:
    """Gap-free numbers for saved ``statements``, in their order, one block
    (one lock on the sequence, held to the commit) per fiscal year, written
    in one UPDATE: the last thing a chunk does before its mails."""
    by_year: dict[int, list] = defaultdict(list)
    for statement in statements:
        by_year[statement.fiscal_year].append(statement)
    for year, drafts in sorted(by_year.items()):
        numbers = allocate_numbers(
            kind="payout_statement", fiscal_year=year, count=len(drafts)
        )
        for statement, n in zip(drafts, numbers, strict=True):
            statement.number = format_document_number(NUMBER_PREFIX, year, n)
    update_each(PayoutStatement, ["number"], statements)


def _move_lines_to_statements(statements: list, lines: list) -> None:
    """The lines onto their statements (one per worker) in one UPDATE, with
    no audit row, as in _issue_statement: the statement's ``issued`` row
    records the move."""
    statement = PayoutStatement.objects.filter(
        pk__in=[s.pk for s in statements], worker_id=OuterRef("worker_id")
    ).values("pk")[:1]
    PayoutLine.objects.filter(pk__in=[line.pk for line in lines]).update(
        state=PayoutLine.State.ON_STATEMENT, statement_id=Subquery(statement)
    )


def _log_issued(statements: list, pay_date, by) -> None:
    log_actions_bulk(
        targets=statements,
        action="invoicing.payout_statement.issued",
        by=by,
        to_state=PayoutStatement.State.ISSUED,
        data=lambda statement: {
            "pay_date": f"{pay_date:%Y-%m-%d}",
            "net": statement.net,
        },
    )


def _bank_description(profile) -> str:
    account = getattr(profile, "bank_account", None) if profile else None
    if account is None:
        return ""
    bank, branch = account.display_names
    kind = account.get_account_type_display()
    return f"{bank} {branch} {kind} {account.masked_number}"


def _statement_draft(
    worker, lines, *, pay_date, by, tax_separated, operator, issued_on=None
) -> PayoutStatement:
    """The worker's statement for ``lines``, figured but not numbered or
    saved. Raises PayoutError (nothing to transfer)."""
    profile = worker_profile(worker)
    treatment = tax_treatment_for(profile, operator)
    figures = statement_figures(
        lines=[
            LineInput(line.amount, line.withholding_subject, line.received_on, line.fee)
            for line in lines
        ],
        treatment=treatment,
        individual=is_individual(profile),
        pay_date=pay_date,
        tax_separated=tax_separated,
        rounding=operator.default_tax_rounding,
    )
    return PayoutStatement(
        worker=worker,
        fiscal_year=fiscal_year_of(pay_date, operator.fiscal_year_start_month),
        pay_date=pay_date,
        issue_date=issued_on or timezone.localdate(),
        payer_name=operator.legal_name,
        payer_registration_number=operator.registration_number,
        payer_address=f"〒{operator.postal_code} {operator.address}",
        worker_name=profile.legal_name if profile else worker.display_name,
        worker_kind=profile.kind if profile else "individual",
        worker_registration_number=profile.registration_number if profile else "",
        bank_description=_bank_description(profile),
        period_start=min(line.received_on for line in lines),
        period_end=max(line.received_on for line in lines),
        tax_treatment=treatment,
        tax_separated=tax_separated,
        **asdict(figures) | {"credit_breakdown": list(figures.credit_breakdown)},
        created_by=by,
    )


def _issue_statement(
    worker, lines, *, pay_date, by, tax_separated, operator, issued_on=None
):
    statement = _statement_draft(
        worker,
        lines,
        pay_date=pay_date,
        by=by,
        tax_separated=tax_separated,
        operator=operator,
        issued_on=issued_on,
    )
    year = statement.fiscal_year
    # As late as possible: every other statement waits on the sequence row
    # until this transaction commits (numbering.py), parallel chunks too.
    statement.number = format_document_number(
        NUMBER_PREFIX, year, allocate_number(kind="payout_statement", fiscal_year=year)
    )
    statement.save(force_insert=True)
    PayoutLine.objects.filter(pk__in=[line.pk for line in lines]).update(
        state=PayoutLine.State.ON_STATEMENT, statement=statement
    )
    _log_issued([statement], pay_date, by)
    _after_issue(statement)
    return statement


def _after_issue(statement: PayoutStatement) -> None:
    _queue_pdf(statement)
    _notify_issued(statement)


def _queue_pdf(statement: PayoutStatement) -> None:
    from ...tasks.payouts import render_payout_statement_pdf

    render_payout_statement_pdf.delay_on_commit(statement.pk)


def _notify_issued(statement: PayoutStatement) -> None:
    notify(
        [statement.worker],
        "invoicing/payouts/mail/statement",
        {
            "statement": statement,
            "url": site_url("invoicing:payout_statement", statement.pk),
        },
    )


# --- the transfer ---------------------------------------------------------------------


def _fee_deduction_agreed(statement: PayoutStatement) -> bool:
    """Every order behind the statement says the worker bears the fee."""
    orders = statement.lines.filter(order__isnull=False)
    return (
        orders.exists()
        and not orders.exclude(
            order__transfer_fee_payer=TransferFeePayer.WORKER
        ).exists()
    )


@transaction.atomic
def payout_confirm_transfer(
    *,
    statement: PayoutStatement,
    by,
    transferred: int | None = None,
    transfer_fee: int = 0,
) -> PayoutStatement:
    """The bank confirmed the transfer: the statement, its lines and their
    subtasks are paid.

    ``transferred`` is what reached the worker (the statement's net unless
    said), ``transfer_fee`` what was kept back for the bank's fee. Less than
    the net, a transfer fee the orders did not agree to, or a payment cut to
    a round figure, is a 減額 (japan.md §3.6 F10, F11): refused with
    PayoutError naming it. Finance only.
    """
    require_finance(by)
    statement = lock(PayoutStatement, statement.pk)
    require(
        statement.state == PayoutStatement.State.ISSUED,
        _("This statement has already been paid."),
    )
    transferred = statement.net if transferred is None else transferred
    flags = reduction_flags(
        agreed_fee=statement.gross,
        paid=transferred + statement.fee,
        transfer_fee_deducted=transfer_fee,
        agreed_deduction=_fee_deduction_agreed(statement),
        withheld=statement.withholding,
    )
    if flags:
        labels = dict(ReductionFlag.choices)
        raise PayoutError(
            _("Refused as a reduction (減額): %(flags)s")
            % {"flags": " ".join(str(labels[flag]) for flag in sorted(flags))},
            code="reduction",
        )
    require(
        transferred + transfer_fee == statement.net,
        _("The amount transferred does not match the statement."),
    )
    apply_transition(
        statement,
        "mark_paid",
        by=by,
        action="invoicing.payout_statement.paid",
        data={"transferred": transferred, "transfer_fee": transfer_fee},
        update_fields=("paid_at", "paid_by"),
        at=timezone.now(),
        paid_by=by,
    )
    _mark_subtasks_paid(statement, by)
    mark_format_items_paid(statement, statement.paid_at)
    update_logged(
        statement.lines.all(),
        {"state": PayoutLine.State.PAID},
        action="invoicing.payout_line.paid",
        by=by,
        data={"statement": statement.number},
    )
    return statement


def _mark_subtasks_paid(statement: PayoutStatement, by) -> None:
    from engagements.models import Subtask

    ids = statement.lines.filter(kind=PayoutLine.Kind.REWARD).values_list(
        "subtask_id", flat=True
    )
    for subtask in Subtask.objects.select_for_update().filter(pk__in=list(ids)):
        if subtask.state == Subtask.State.APPROVED:
            apply_transition(
                subtask,
                "mark_paid",
                by=by,
                check_permission=False,
                action="engagements.subtask.paid",
                data={"statement": statement.number},
            )


# --- the yearly report ----------------------------------------------------------------


def payment_report_total(*, worker, year: int) -> int:
    """The 1号 fees paid to ``worker`` in a calendar year (the withholding
    base, tax excluded when shown separately): what the 支払調書 counts,
    whether or not anything was withheld (W7: a corporation too)."""
    total = PayoutStatement.objects.filter(
        worker=worker, pay_date__year=year
    ).aggregate(total=Sum("withholding_base"))["total"]
    return total or 0


def payment_report_due(*, worker, year: int) -> bool:
    """Whether ``worker`` needs a 支払調書 for ``year`` (more than ¥50,000)."""
    return payment_report_required(
        payment_report_total(worker=worker, year=year), year=year
    )


__all__ = [
    "LineInput",
    "PayoutError",
    "StatementFigures",
    "payment_report_due",
    "payment_report_total",
    "payout_confirm_transfer",
    "payout_run",
    "statement_figures",
]
