"""The month close: one issued invoice per client and closing period.

For every client whose closing date in the period has passed, the close
gathers its completed engagements not yet invoiced (completed on or before
the closing date), and the approved weeks of work billed by the hour
(billing_hours), and the accepted milestones, running monthly fees and
cancelled work (billing_shapes), into one invoice: a line per engagement (per quote line
when the client asks for itemised invoices; a quote's lines billed by the
hour are left out, their weeks are billed instead), the agreed direction
fee (on the fixed-price lines, by the quote's terms; a rate fee also on the
weeks billed, as its own line), the extra revision rounds the client agreed
to pay, tax once per rate. The engagements move to ``invoiced`` in the
same transaction.

Each client is closed in its own transaction, with its row locked: a close
that fails half-way leaves that client untouched, and twenty closes running
at once issue one invoice per client (the others wait for the lock, then
find the invoice). The unique (client, period) constraint is the backstop.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clients.models import Client
from engagements.models import Engagement, Quote, Subtask
from engagements.services.quotes import fixed_price_part
from enterprise import audit, events, money, runs
from enterprise.audit import log_action
from enterprise.calendar import add_months, day_in_month, period_start_for
from enterprise.entry import validate_period
from enterprise.fsm import apply_transition
from enterprise.models import cached_operator
from enterprise.rates import cached_rates

from .. import rules
from ..models import Invoice, MonthCloseRun
from ..models.billing import LineKind
from .billing import (
    BillingError,
    LineInput,
    invoice_create,
    invoice_issue,
    standard_rate,
)
from .billing_hours import (
    clients_with_hours_due,
    hour_lines,
    hours_direction_fee,
    mark_weeks_billed,
    unbilled_weeks,
)
from .billing_numbered import numbered_last
from .billing_shapes import clients_with_shapes_due, mark_shapes_billed, shapes_for

logger = logging.getLogger(__name__)


def parse_period(period: str) -> tuple[int, int]:
    """ "2026-03" -> (2026, 3); BillingError for anything else."""
    try:
        year, month = (int(part) for part in period.split("-"))
        datetime.date(year, month, 1)
    except (AttributeError, TypeError, ValueError):
        raise BillingError(_("Enter the period as YYYY-MM, e.g. 2026-03.")) from None
    if len(period) != 7 or not period.isascii():
        raise BillingError(_("Enter the period as YYYY-MM, e.g. 2026-03."))
    try:
        validate_period(period)
    except ValidationError as exc:
        raise BillingError(exc.messages[0]) from None
    return year, month


def period_of(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def closing_date_in(period: str, client: Client) -> datetime.date:
    """The client's closing date (締め日) in the month ``period``."""
    year, month = parse_period(period)
    return day_in_month(year, month, client.closing_day)


# --- what goes on the invoice --------------------------------------------------


DIRECTION_FEE = gettext_noop("Direction fee")
HOURS_DIRECTION_FEE = gettext_noop("Direction fee (on the hours)")
EXTRA_ROUNDS = gettext_noop("Extra revision rounds (%(title)s)")
ROUNDS = gettext_noop("rounds")


def _jp(msgid: str, **values) -> str:
    """A line text as the document prints it: always Japanese."""
    with translation.override("ja"):
        text = _(msgid)
    return text % values if values else text


def _work_lines(engagement: Engagement, fixed: list | None, client, on) -> list:
    """The quote's ``fixed`` lines (its lines billed by the hour are billed
    week by week, billing_hours), or the budget without an accepted quote."""
    if fixed is None:  # no accepted quote on record: bill the agreed budget
        return [
            LineInput(
                engagement.title,
                engagement.budget,
                standard_rate(on),
                kind=LineKind.WORK,
                engagement_id=engagement.pk,
            )
        ]
    if client.invoice_detail:
        return [
            LineInput(
                line.description,
                line.amount,
                line.tax_rate,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                kind=LineKind.WORK,
                engagement_id=engagement.pk,
            )
            for line in fixed
        ]
    by_rate: dict = {}
    for line in fixed:
        by_rate[line.tax_rate] = by_rate.get(line.tax_rate, 0) + line.amount
    return [
        LineInput(
            engagement.title,
            amount,
            rate,
            kind=LineKind.WORK,
            engagement_id=engagement.pk,
        )
        for rate, amount in sorted(by_rate.items(), reverse=True)
    ]


def _direction_fee(engagement: Engagement, client) -> int:
    """Without an accepted quote, the client's terms on the budget."""
    return money.direction_fee(
        work_subtotal=engagement.budget,
        kind=client.direction_fee_kind,
        rate=client.direction_fee_rate,
        amount=client.direction_fee_amount,
        rounding=client.tax_rounding,
    )


def _extra_round_lines(subtasks, on: datetime.date) -> list:
    """Paid extra revision rounds (rounds × agreed price), one line each."""
    rate = standard_rate(on)
    return [
        LineInput(
            _jp(EXTRA_ROUNDS, title=subtask.title),
            subtask.extra_rounds_billable * subtask.extra_round_price,
            rate,
            quantity=subtask.extra_rounds_billable,
            unit=_jp(ROUNDS),
            unit_price=subtask.extra_round_price,
            kind=LineKind.EXTRA_ROUNDS,
            engagement_id=subtask.engagement_id,
        )
        for subtask in subtasks
        if subtask.extra_rounds_billable and subtask.extra_round_price
    ]


@dataclass
class Billable:
    lines: list = field(default_factory=list)
    worker_cost: int = 0


def billable_for(client, engagements: list[Engagement], on: datetime.date) -> Billable:
    """The invoice lines for ``engagements`` and the workers' rewards behind
    them. The direction fee of all engagements is one 進行管理費 line at the
    standard rate, as a summary invoice shows it (japan.md §1.3 R2)."""
    quotes = {
        q.engagement_id: q
        for q in Quote.objects.filter(
            engagement__in=engagements, state=Quote.State.ACCEPTED
        ).prefetch_related("lines")
    }
    result, fee = Billable(), 0
    for engagement in engagements:
        quote = quotes.get(engagement.pk)
        if quote is None:
            fixed, quote_fee = None, _direction_fee(engagement, client)
        else:  # the fee agreed in the quote, on its fixed-price lines
            fixed, quote_fee = fixed_price_part(quote)
        result.lines += _work_lines(engagement, fixed, client, on)
        fee += quote_fee
    if fee:
        result.lines.append(
            LineInput(
                _jp(DIRECTION_FEE),
                fee,
                standard_rate(on),
                kind=LineKind.DIRECTION_FEE,
            )
        )
    subtasks = list(
        Subtask.objects.filter(engagement__in=engagements)
        .exclude(state=Subtask.State.CANCELLED)
        .annotate(hourly=F("hourly_terms__id"))  # one-to-one: no row doubled
        .only(
            "engagement_id",
            "state",
            "title",
            "reward",
            "extra_rounds_billable",
            "extra_round_price",
        )
        .order_by("engagement_id", "id")
    )
    result.lines += _extra_round_lines(subtasks, on)
    # An hourly subtask's workers are paid by the week (billed with the weeks).
    result.worker_cost = sum(s.reward for s in subtasks if s.hourly is None)
    return result


# --- closing ---------------------------------------------------------------------


def _completed_by(client: Client, closing: datetime.date):
    return Engagement.objects.filter(
        client=client,
        state=Engagement.State.COMPLETED,
        completed_at__date__lte=closing,
    )


@transaction.atomic
def close_client(
    *, client_id: int, period: str, by=None, until: datetime.date | None = None
) -> Invoice | None:
    """Close one client for ``period``: issue its invoice, or None when it
    already has one for the period or has nothing to bill. ``until`` closes
    the period early, on that day instead of the closing date."""
    client = Client.objects.select_for_update().get(pk=client_id)
    if Invoice.objects.filter(client=client, close_period=period).exists():
        return None
    regular = closing_date_in(period, client)
    closing = min(regular, until) if until else regular
    engagements = list(
        _completed_by(client, closing)
        .select_for_update()
        .order_by("completed_at", "id")
    )
    weeks = unbilled_weeks(client, closing)
    shapes = shapes_for(client, closing, period)
    if not engagements and not weeks and not shapes:
        return None
    billable = billable_for(client, engagements, closing) if engagements else Billable()
    billable.lines += hour_lines(weeks, closing)
    if fee := hours_direction_fee(weeks):
        billable.lines.append(
            LineInput(
                _jp(HOURS_DIRECTION_FEE),
                fee,
                standard_rate(closing),
                kind=LineKind.DIRECTION_FEE,
            )
        )
    billable.worker_cost += sum(sheet.reward for sheet in weeks)
    billable.lines += shapes.lines
    billable.worker_cost += shapes.worker_cost
    if not billable.lines:
        # Completed, but every line was billed at its milestone (or monthly):
        # nothing is left to bill, and the engagement is done with billing.
        _mark_invoiced(engagements, None, by)
        return None
    firsts = [timezone.localdate(e.completed_at) for e in engagements]
    firsts += [sheet.week_start for sheet in weeks]
    start = min([period_start_for(regular, client.closing_day), *firsts])
    invoice = invoice_create(
        client=client,
        lines=billable.lines,
        period_start=start,
        period_end=closing,
        by=by,
        close_period=period,
        worker_cost=billable.worker_cost,
    )
    invoice = invoice_issue(
        invoice=invoice, by=by, issue_date=closing, created_here=True
    )
    mark_weeks_billed(weeks, invoice)
    mark_shapes_billed(shapes, invoice, period, by)
    _mark_invoiced(engagements, invoice, by)
    return invoice


def _mark_invoiced(engagements, invoice: Invoice | None, by) -> None:
    for engagement in engagements:
        apply_transition(
            engagement,
            "mark_invoiced",
            by=by,
            check_permission=False,
            action="engagements.engagement.invoiced",
            data={"invoice": invoice.number if invoice else ""},
        )


def clients_to_close(period: str, *, today: datetime.date) -> list[int]:
    """Clients with something completed and unbilled (or an approved week
    billed by the hour) whose closing date in ``period`` has passed and who
    have no invoice for it yet, by id."""
    candidates = (
        Client.objects.filter(engagements__state=Engagement.State.COMPLETED)
        .exclude(invoices__close_period=period)
        .annotate(first_completed=Min("engagements__completed_at"))
        .order_by("id")
    )
    due = clients_with_hours_due(period, today=today, closing_in=closing_date_in)
    due |= clients_with_shapes_due(period, today=today, closing_in=closing_date_in)
    for client in candidates:
        closing = closing_date_in(period, client)
        completed = timezone.localdate(client.first_completed)
        if closing < today and completed <= closing:
            due.add(client.pk)
    return sorted(due)


@dataclass
class CloseResult:
    period: str
    clients: int = 0
    issued: list[str] = field(default_factory=list)


def month_close(
    *,
    period: str,
    by=None,
    today: datetime.date | None = None,
    on_progress: Callable[[int, int, int], None] | None = None,
) -> CloseResult:
    """Close ``period`` for every client due (see ``clients_to_close``).

    Safe to run twice and at the same time as another close: a client
    already closed is skipped. ``by`` is finance, or None for the nightly
    task. ``on_progress(total, done, issued)`` is called after each client.
    Raises BillingError for a malformed period, PermissionDenied.
    """
    parse_period(period)
    if by is not None and not rules.is_finance(None, by):
        raise PermissionDenied
    today = today or timezone.localdate()
    client_ids = clients_to_close(period, today=today)
    result = CloseResult(period=period, clients=len(client_ids))
    for done, client_id in enumerate(client_ids, start=1):
        try:
            invoice = close_client(client_id=client_id, period=period, by=by)
        except IntegrityError:
            invoice = None  # another close issued it first
        if invoice is not None:
            result.issued.append(invoice.number)
        if on_progress:
            on_progress(len(client_ids), done, len(result.issued))
    return result


def close_early(
    *,
    client_id: int,
    by=None,
    today: datetime.date | None = None,
    on_progress: Callable[[int, int, int], None] | None = None,
) -> CloseResult:
    """臨時締め: close one client's current period now, before its closing
    date (the client asked for its invoice early). The invoice covers what
    was completed up to ``today``, is issued today and takes the period its
    closing date falls in; work completed later in that period waits for the
    next period's close. Raises PermissionDenied."""
    if by is not None and not rules.is_finance(None, by):
        raise PermissionDenied
    today = today or timezone.localdate()
    client = Client.objects.get(pk=client_id)
    result = CloseResult(period=period_of(client.closing_date_for(today)), clients=1)
    try:
        invoice = close_client(
            client_id=client_id, period=result.period, by=by, until=today
        )
    except IntegrityError:
        invoice = None  # another close issued it first
    if invoice is not None:
        result.issued.append(invoice.number)
    if on_progress:
        on_progress(1, 1, len(result.issued))
    return result


def close_due_periods(*, today: datetime.date | None = None) -> list[CloseResult]:
    """The nightly close: last month's and this month's periods, so every
    client whose closing day was yesterday is closed, and a night the job
    did not run is caught up the next one."""
    today = today or timezone.localdate()
    last = add_months(today.year, today.month, -1)
    periods = [f"{last[0]:04d}-{last[1]:02d}", period_of(today)]
    return [month_close(period=p, today=today) for p in periods]


# --- the finance screen's close with a progress bar --------------------------------


@transaction.atomic
def month_close_start(*, period: str, by) -> MonthCloseRun:
    """Queue a close of ``period`` for the progress bar; runs after commit."""
    if not rules.is_finance(None, by):
        raise PermissionDenied
    parse_period(period)
    run = MonthCloseRun.objects.create(period=period, started_by=by)
    from ..tasks.billing import run_month_close

    run_month_close.delay_on_commit(run.pk)
    return run


@transaction.atomic
def close_early_start(*, client: Client, by) -> MonthCloseRun:
    """Queue an early close of ``client`` (see ``close_early``) for the
    progress bar; the run bears the period the invoice will take."""
    if not rules.is_finance(None, by):
        raise PermissionDenied
    period = period_of(client.closing_date_for(timezone.localdate()))
    run = MonthCloseRun.objects.create(period=period, client=client, started_by=by)
    from ..tasks.billing import run_month_close

    run_month_close.delay_on_commit(run.pk)
    return run


def month_close_run(*, run_id: int) -> MonthCloseRun:
    """Start (or, after a resume, continue) a queued close: plan one item per
    client due, then queue the pending clients in chunks. A finished run is
    left alone (the task may be delivered twice)."""
    from ..tasks.billing import month_close_chunk

    runs.run_start(
        MonthCloseRun, run_id, _close_plan, month_close_chunk, settings.RUN_CHUNK_SIZE
    )
    return MonthCloseRun.objects.get(pk=run_id)


def month_close_chunk_run(*, run_id: int, client_ids: list[int]) -> None:
    """Close ``client_ids`` of the run, one transaction each (a client whose
    invoice is already issued is skipped), then finish the run if no client
    is left. Clients closed before an error keep their invoices; the run
    shows the error and a resume closes the rest."""
    run = MonthCloseRun.objects.select_related("started_by").get(pk=run_id)
    # The tax rates, the operator and the webhook endpoints are read once per
    # chunk, not for each client; the invoices' tasks are sent together at the
    # end (runs.run_chunk).
    with cached_rates(), cached_operator(), events.batch():
        runs.run_chunk(
            MonthCloseRun, run_id, client_ids, _close_item(run), _close_items(run)
        )


@transaction.atomic
def month_close_resume(*, run: MonthCloseRun, by) -> MonthCloseRun:
    """再開: continue a stalled or failed close where it stopped; the clients
    closed, the counts and the audit rows stay. Raises BillingError when the
    run is neither, PermissionDenied."""
    if not rules.is_finance(None, by):
        raise PermissionDenied
    if not runs.run_resume(MonthCloseRun, run.pk):
        raise BillingError(_("This close is not stalled: there is nothing to resume."))
    run = MonthCloseRun.objects.get(pk=run.pk)
    log_action(
        target=run,
        action="invoicing.month_close.resumed",
        by=by,
        data={"period": run.period, "done": run.done, "total": run.total},
    )
    from ..tasks.billing import run_month_close

    run_month_close.delay_on_commit(run.pk)
    return run


def _close_plan(run: MonthCloseRun) -> list[int]:
    if run.client_id is not None:
        return [run.client_id]
    return clients_to_close(run.period, today=timezone.localdate(run.created_at))


def _close_item(run: MonthCloseRun) -> Callable[[int], str]:
    """Close one client of ``run``: its invoice number, or "" for none. An
    early close bills up to the day it was started, even when resumed later."""
    until = timezone.localdate(run.created_at) if run.client_id else None

    def work(client_id: int) -> str:
        try:
            invoice = close_client(
                client_id=client_id, period=run.period, by=run.started_by, until=until
            )
        except IntegrityError:
            return ""  # another close issued it first
        return invoice.number if invoice is not None else ""

    return work


def _close_items(run: MonthCloseRun) -> Callable[[list[int]], dict[int, str]]:
    """Close many clients of ``run`` in the caller's one transaction (a
    chunk), their invoices numbered and issued together at the end: the
    sequence is locked once a chunk, just before its commit (issue 15). Any
    error, a concurrent close's included, rolls the chunk back, and the run
    closes its clients one by one instead (``runs.run_chunk``)."""
    until = timezone.localdate(run.created_at) if run.client_id else None

    def work_many(client_ids: list[int]) -> dict[int, str]:
        placeholders = {}
        with audit.deferred() as rows, numbered_last() as numbered:
            for client_id in client_ids:
                invoice = close_client(
                    client_id=client_id,
                    period=run.period,
                    by=run.started_by,
                    until=until,
                )
                placeholders[client_id] = invoice.number if invoice else ""
            numbers = numbered.issue_all()
            audit.write_deferred(rows, numbers)
        return {key: numbers.get(value, value) for key, value in placeholders.items()}

    return work_many
