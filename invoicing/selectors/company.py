"""The company page's billing section (clients' page, section from here)."""

from __future__ import annotations

import datetime

from django.db.models import Max, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprise.models import OperatorProfile
from enterprise.roles import SALES

from .. import rules
from ..models import CreditNote, Invoice
from .billing import BALANCE, OPEN_STATES

RECENT = 10


def may_see_company_billing(user) -> bool:
    """Finance (who acts on invoices) and sales (who own the client) see a
    company's billing; everyone else, none of it."""
    return rules.is_finance(None, user) or user.has_role(SALES)


def fiscal_year_start(today: datetime.date, start_month: int) -> datetime.date:
    year = today.year if today.month >= start_month else today.year - 1
    return datetime.date(year, start_month, 1)


def company_billing(*, client, today: datetime.date | None = None) -> dict:
    """Open balance (and how much of it is overdue), this fiscal year's sales
    (excl. tax, less credit notes) and the newest invoices: three queries."""
    today = today or timezone.localdate()
    since = fiscal_year_start(today, OperatorProfile.get().fiscal_year_start_month)
    invoices: QuerySet[Invoice] = Invoice.objects.filter(client=client).exclude(
        state=Invoice.State.DRAFT
    )
    open_ = Q(state__in=OPEN_STATES)
    credited = (
        CreditNote.objects.filter(client=client, issue_date__gte=since)
        .values("client")
        .annotate(total=Sum("subtotal"))
        .values("total")
    )
    figures = invoices.aggregate(
        open_balance=Sum(BALANCE, filter=open_, default=0),
        overdue_balance=Sum(BALANCE, filter=open_ & Q(due_date__lt=today), default=0),
        billed=Sum("subtotal", filter=Q(issue_date__gte=since), default=0),
        # The credit notes' sum rides along as a scalar subquery (one query
        # for every figure; the page has a budget of 15).
        credited=Max(Coalesce(Subquery(credited), 0)),
    )
    return {
        **figures,
        "ytd_sales": figures["billed"] - (figures["credited"] or 0),
        "since": since,
        "invoices": list(invoices.order_by("-issue_date", "-number")[:RECENT]),
        "today": today,
    }
