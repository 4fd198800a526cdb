"""Changes of workers' bank accounts, shown to finance beside their payouts.

A payee who changes their account just before a pay date is the classic
payout fraud (an account taken over, a "new account" mail). Each change is
an audit row of the worker's profile (``workers.bank_account.*``, written by
``workers.services.bank_account_save``) carrying who, when and the old and
new last three digits; the full number is never logged nor shown.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from enterprise.models import AuditLog
from workers.models import WorkerProfile

from ..models import PayoutLine

ACTION_PREFIX = "workers.bank_account."
FLAG_DAYS = 7  # a change this many days before a pay date (or on it) is flagged
SANE_DATES = (datetime.date(1900, 1, 1), datetime.date(9000, 1, 1))


def _changes(worker_ids) -> QuerySet[AuditLog]:
    """Bank-account audit rows of these workers (user ids: a list or a
    subquery), each with ``worker_id`` and ``worker_name``; one query."""
    profiles = WorkerProfile.objects.annotate(key=Cast("pk", CharField()))
    of_row = profiles.filter(key=OuterRef("object_id"))
    return (
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(WorkerProfile),
            action__startswith=ACTION_PREFIX,
            object_id__in=profiles.filter(user_id__in=worker_ids).values("key"),
        )
        .annotate(
            worker_id=Subquery(of_row.values("user_id")[:1]),
            worker_name=Subquery(of_row.values("legal_name")[:1]),
        )
        .select_related("actor")
    )


def _tokyo_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _window(pay_date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        _tokyo_midnight(pay_date - datetime.timedelta(FLAG_DAYS)),
        _tokyo_midnight(pay_date + datetime.timedelta(1)),
    )


def bank_changes_of(worker_id: int, *, pay_date: datetime.date) -> list[AuditLog]:
    """Every change of the worker's bank account, newest first; ``flagged``
    on those in the days before ``pay_date`` (see ``bank_changes_before``)."""
    start, end = _window(pay_date)
    rows = list(_changes([worker_id]).order_by("-created_at", "-id"))
    for row in rows:
        row.flagged = start <= row.created_at < end
    return rows


def bank_changes_before(
    pay_date: datetime.date, worker_ids
) -> dict[int, list[AuditLog]]:
    """{worker id: [changes]} for changes from ``FLAG_DAYS`` days before
    ``pay_date`` up to the end of it (Asia/Tokyo days), oldest first; one
    query. ``worker_ids`` is a list of user ids or a ``values`` subquery."""
    if not SANE_DATES[0] <= pay_date <= SANE_DATES[1]:
        return {}  # a made-up URL date: no Tokyo midnight to compute
    start, end = _window(pay_date)
    rows = _changes(worker_ids).filter(created_at__gte=start, created_at__lt=end)
    found: dict[int, list[AuditLog]] = defaultdict(list)
    for row in rows.order_by("created_at", "id"):
        row.flagged = True
        found[row.worker_id].append(row)
    return dict(found)


def payees_on(pay_date: datetime.date) -> QuerySet:
    """The workers with a payout line on the date, as a subquery of user ids."""
    return PayoutLine.objects.filter(pay_date=pay_date).values("worker_id")
