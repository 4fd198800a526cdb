"""Reads for paying workers, each scoped to who may see the rows.

A worker sees only their own orders, statements and pay dates; finance and
superusers see every worker's; an engagement's director sees the orders of
its subtasks. Anything else answers 404.
"""

from __future__ import annotations

import datetime
from itertools import groupby

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from .. import rules
from ..models import PayoutLine, PayoutStatement, WorkerOrder

WAITING = (PayoutLine.State.HELD, PayoutLine.State.SCHEDULED)


def _finance(user) -> bool:
    return rules.is_finance(None, user)


def order_list_for_worker(*, user) -> QuerySet[WorkerOrder]:
    """The worker's own issued orders (every version), newest first."""
    return (
        WorkerOrder.objects.filter(worker=user)
        .exclude(state=WorkerOrder.State.DRAFT)
        .order_by("-order_date", "-number", "-version")
    )


def get_order_for_user(user, pk) -> WorkerOrder:
    orders = WorkerOrder.objects.exclude(state=WorkerOrder.State.DRAFT)
    if not _finance(user):
        orders = orders.filter(Q(worker=user) | Q(subtask__engagement__director=user))
    return get_object_or_404(orders.select_related("subtask", "previous"), pk=pk)


def statement_list_for_worker(*, user) -> QuerySet[PayoutStatement]:
    return PayoutStatement.objects.filter(worker=user).order_by("-pay_date", "-number")


def get_statement_for_user(user, pk) -> PayoutStatement:
    statements = PayoutStatement.objects.all()
    if not _finance(user):
        statements = statements.filter(worker=user)
    return get_object_or_404(statements, pk=pk)


def statement_lines(statement: PayoutStatement) -> list[PayoutLine]:
    return list(
        statement.lines.select_related("subtask", "order").order_by("received_on", "id")
    )


def pay_dates_for_worker(*, user) -> list[dict]:
    """What the worker is still to be paid, by pay date: issued statements
    (their net) and lines not yet on a statement (amount before tax)."""
    days: dict[datetime.date, dict] = {}
    for statement in PayoutStatement.objects.filter(
        worker=user, state=PayoutStatement.State.ISSUED
    ).order_by("pay_date", "number"):
        day = days.setdefault(statement.pay_date, _empty_day(statement.pay_date))
        day["statements"].append(statement)
    lines = (
        PayoutLine.objects.filter(worker=user, state__in=WAITING)
        .select_related("subtask")
        .order_by("pay_date", "received_on", "id")
    )
    for pay_date, group in groupby(lines, key=lambda line: line.pay_date):
        day = days.setdefault(pay_date, _empty_day(pay_date))
        day["lines"] = list(group)
        day["amount"] = sum(line.amount for line in day["lines"])
    return [days[key] for key in sorted(days)]


def _empty_day(pay_date) -> dict:
    return {"pay_date": pay_date, "statements": [], "lines": [], "amount": 0}


def lines_due(pay_date: datetime.date) -> QuerySet[PayoutLine]:
    """Lines a run for ``pay_date`` takes (scheduled) or would take once
    released (held): due on or before it and not on a statement."""
    return (
        PayoutLine.objects.filter(state__in=WAITING, pay_date__lte=pay_date)
        .select_related("worker__worker_profile", "order")
        .order_by("state", "worker_id", "received_on", "id")
    )


def statements_on(pay_date: datetime.date) -> QuerySet[PayoutStatement]:
    return PayoutStatement.objects.filter(pay_date=pay_date).order_by("number")


def statement_totals(statements: QuerySet[PayoutStatement]) -> dict:
    names = ("subtotal", "consumption_tax", "gross", "fee", "withholding", "net")
    totals = statements.aggregate(**{name: Sum(name) for name in names})
    return {name: value or 0 for name, value in totals.items()}


def held_lines() -> QuerySet[PayoutLine]:
    return (
        PayoutLine.objects.filter(state=PayoutLine.State.HELD)
        .select_related("worker")
        .order_by("pay_date", "id")
    )


def pay_date_workers(pay_date: datetime.date) -> QuerySet:
    """One row per worker with lines due by ``pay_date``: counts and sums in
    SQL (a pay date can hold tens of thousands of lines), for a paginator."""
    return (
        PayoutLine.objects.filter(state__in=WAITING, pay_date__lte=pay_date)
        .values(
            "worker_id", "worker__username", "worker__last_name", "worker__first_name"
        )
        .annotate(
            lines=Count("id"),
            held=Count("id", filter=Q(state=PayoutLine.State.HELD)),
            due=Sum("amount"),
            scheduled=Sum("amount", filter=Q(state=PayoutLine.State.SCHEDULED)),
            fees=Sum("fee"),
        )
        .order_by("worker_id")
    )


def pay_date_line_totals(pay_date: datetime.date) -> dict:
    """What is due by ``pay_date``, over every line: counts and sums."""
    totals = PayoutLine.objects.filter(
        state__in=WAITING, pay_date__lte=pay_date
    ).aggregate(
        workers=Count("worker_id", distinct=True),
        lines=Count("id"),
        held=Count("id", filter=Q(state=PayoutLine.State.HELD)),
        total=Sum("amount"),
        scheduled=Sum("amount", filter=Q(state=PayoutLine.State.SCHEDULED)),
        fees=Sum("fee"),
    )
    return {name: value or 0 for name, value in totals.items()}


def worker_lines_due(pay_date: datetime.date, worker_id: int) -> QuerySet[PayoutLine]:
    """One worker's lines of the pay date (the drill-down of a summary row)."""
    return lines_due(pay_date).filter(worker_id=worker_id).select_related("worker")
