"""Reads of client billing, always scoped to the person asking.

Finance and superusers see every invoice; a client contact sees the issued
invoices and the credit notes of their own company; anyone else none.
Lists start here, never from ``Invoice.objects``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from engagements.models import Engagement
from enterprise.calendar import add_months, month_end
from enterprise.roles import CLIENT

from .. import rules
from ..models import CreditNote, Invoice, MonthCloseRun

OPEN_STATES = (Invoice.State.ISSUED, Invoice.State.SENT)
BALANCE = F("total") - F("paid_total") - F("discount_total") - F("credited_total")


def _contact_scope(user) -> Q | None:
    if user.is_authenticated and user.has_role(CLIENT):
        return Q(client__contacts__user=user)
    return None


def invoice_list_for_user(*, user) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("client")
    if rules.is_finance(None, user):
        return invoices
    scope = _contact_scope(user)
    if scope is None:
        return invoices.none()
    return invoices.filter(scope).exclude(state=Invoice.State.DRAFT)


def get_invoice_for_user(user, pk) -> Invoice:
    """The invoice ``pk`` if ``user`` may see it; 404 otherwise."""
    try:
        return invoice_list_for_user(user=user).get(pk=pk)
    except (Invoice.DoesNotExist, ValueError):
        raise Http404 from None


def credit_note_list_for_user(*, user) -> QuerySet[CreditNote]:
    notes = CreditNote.objects.select_related("client", "invoice")
    if rules.is_finance(None, user):
        return notes
    scope = _contact_scope(user)
    return notes.none() if scope is None else notes.filter(scope)


def get_credit_note_for_user(user, pk) -> CreditNote:
    try:
        return credit_note_list_for_user(user=user).get(pk=pk)
    except (CreditNote.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class InvoiceFilter:
    """What the invoice list and the e-bookkeeping search filter on."""

    state: str = ""
    client_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    overdue: bool = False


def _dated(queryset: QuerySet, flt: InvoiceFilter) -> QuerySet:
    """The e-bookkeeping criteria (電子帳簿保存法): date range, amount range,
    counterparty, in any combination (japan.md §6.4)."""
    if flt.client_id:
        queryset = queryset.filter(client_id=flt.client_id)
    if flt.date_from:
        queryset = queryset.filter(issue_date__gte=flt.date_from)
    if flt.date_to:
        queryset = queryset.filter(issue_date__lte=flt.date_to)
    if flt.amount_min is not None:
        queryset = queryset.filter(total__gte=flt.amount_min)
    if flt.amount_max is not None:
        queryset = queryset.filter(total__lte=flt.amount_max)
    return queryset


def invoice_search(
    *, user, flt: InvoiceFilter, today: datetime.date | None = None
) -> QuerySet[Invoice]:
    invoices = _dated(invoice_list_for_user(user=user), flt)
    if flt.state:
        invoices = invoices.filter(state=flt.state)
    if flt.overdue:
        invoices = overdue(invoices, today or timezone.localdate())
    return invoices.order_by("-issue_date", "-number", "-id")


def overdue(invoices: QuerySet[Invoice], today: datetime.date) -> QuerySet[Invoice]:
    return invoices.alias(balance=BALANCE).filter(
        state__in=OPEN_STATES, due_date__lt=today, balance__gt=0
    )


def totals(invoices: QuerySet[Invoice]) -> dict:
    """Sums over a list: excl. tax, tax, total, still owed; and the count.
    (The keys differ from the column names: an aggregate may not shadow one.)"""
    return invoices.order_by().aggregate(
        count=Count("id"),
        sum_subtotal=Sum("subtotal", default=0),
        sum_tax=Sum("tax", default=0),
        sum_total=Sum("total", default=0),
        sum_balance=Sum(BALANCE, default=0),
    )


def document_search(*, user, flt: InvoiceFilter) -> list:
    """Issued invoices and credit notes matching the e-bookkeeping criteria,
    newest first, as one list (each row has ``kind``: invoice/credit_note)."""
    invoices = _dated(
        invoice_list_for_user(user=user).exclude(state=Invoice.State.DRAFT), flt
    )
    notes = _dated(credit_note_list_for_user(user=user), flt)
    rows = [(i.issue_date, "invoice", i) for i in invoices] + [
        (n.issue_date, "credit_note", n) for n in notes
    ]
    rows.sort(key=lambda row: (row[0], row[2].number), reverse=True)
    return [{"kind": kind, "document": document} for _day, kind, document in rows]


# --- the finance dashboard -----------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def finance_summary(*, today: datetime.date | None = None) -> dict:
    """This month: clients to close, issued, unpaid, overdue (counts, yen)."""
    today = today or timezone.localdate()
    start = _month_start(today)
    waiting = Engagement.objects.filter(state=Engagement.State.COMPLETED)
    issued = Invoice.objects.exclude(state=Invoice.State.DRAFT).filter(
        issue_date__gte=start, issue_date__lte=today
    )
    open_ = Invoice.objects.filter(state__in=OPEN_STATES).alias(balance=BALANCE)
    late = overdue(Invoice.objects.all(), today)
    return {
        "to_close": waiting.aggregate(
            clients=Count("client", distinct=True), engagements=Count("id")
        ),
        "issued": totals(issued),
        "unpaid": totals(open_.filter(balance__gt=0).exclude(pk__in=late)),
        "overdue": totals(late),
    }


def monthly_margin(*, months: int = 12, today: datetime.date | None = None) -> list:
    """Per month, oldest first: billed (excl. tax, less credit notes), the
    workers' cost of what was billed, and the margin. Finance only."""
    today = today or timezone.localdate()
    first = datetime.date(*add_months(today.year, today.month, -(months - 1)), 1)
    invoices = (
        Invoice.objects.exclude(state=Invoice.State.DRAFT)
        .filter(issue_date__gte=first)
        .annotate(month=TruncMonth("issue_date"))
        .values("month")
        .annotate(billed=Sum("subtotal"), cost=Sum("worker_cost"))
    )
    credits = (
        CreditNote.objects.filter(issue_date__gte=first)
        .annotate(month=TruncMonth("issue_date"))
        .values("month")
        .annotate(credited=Sum("subtotal"))
    )
    by_month = {_as_date(row["month"]): row for row in invoices}
    credited = {_as_date(row["month"]): row["credited"] for row in credits}
    rows = []
    for n in range(months):
        month = datetime.date(*add_months(first.year, first.month, n), 1)
        row = by_month.get(month, {})
        billed = (row.get("billed") or 0) - credited.get(month, 0)
        cost = row.get("cost") or 0
        rows.append(
            {"month": month, "billed": billed, "cost": cost, "margin": billed - cost}
        )
    return rows


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def closed_months(limit: int = 6) -> list[dict]:
    """The months closed so far, newest first, with what each issued: read
    from the invoices, so a close run by the services (the demo, a beat
    task) shows as well as one started from the screen."""
    return list(
        Invoice.objects.exclude(close_period="")
        .exclude(state=Invoice.State.DRAFT)
        .values("close_period")
        .annotate(
            invoices=Count("id"),
            clients=Count("client", distinct=True),
            billed=Sum("total"),
        )
        .order_by("-close_period")[:limit]
    )


def payouts_this_month(*, today: datetime.date | None = None) -> dict:
    """Worker pay still to go out this month (scheduled lines paid from today
    to the month's end): the rewards before fee and withholding, and how many
    workers."""
    from ..models import PayoutLine

    today = today or timezone.localdate()
    end = month_end(today.year, today.month)
    return PayoutLine.objects.filter(
        state=PayoutLine.State.SCHEDULED, pay_date__gte=today, pay_date__lte=end
    ).aggregate(
        amount=Sum("amount", default=0),
        workers=Count("worker", distinct=True),
    ) | {"until": end}


def recent_close_runs(limit: int = 5) -> QuerySet[MonthCloseRun]:
    return MonthCloseRun.objects.select_related("started_by", "client")[:limit]
