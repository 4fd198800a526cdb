"""The support desk's monthly figures: tickets by category and state, SLA
attainment, satisfaction (CSAT and delivery ratings) and dispute outcomes.

Each figure is one grouped query by month (Asia/Tokyo), so the page and its
CSV cost the same whatever the number of tickets.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    DeliveryRating,
    DisputeOutcome,
    OutcomeKind,
    Ticket,
    TicketCategory,
    TicketState,
)

TENTH = Decimal("0.1")
MONTH_CHOICES = (3, 6, 12, 24)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(TENTH, ROUND_DOWN)


def average(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_DOWN)


def first_month(months: int, today=None) -> datetime.datetime:
    """Midnight (Tokyo) on the first day of the month ``months - 1`` back."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    start = datetime.datetime(year, month, 1)
    return timezone.make_aware(start)


def _month(field: str):
    return TruncMonth(field, tzinfo=timezone.get_current_timezone())


def _month_key(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}-{value.month:02d}"


@dataclass(frozen=True)
class SlaMonth:
    month: str
    tickets: int
    first_counted: int
    first_met: int
    resolution_counted: int
    resolution_met: int

    @property
    def first_rate(self):
        return percent(self.first_met, self.first_counted)

    @property
    def resolution_rate(self):
        return percent(self.resolution_met, self.resolution_counted)


def tickets_by_category_and_state(since) -> list[dict]:
    """[{month, category, state, count}] of tickets opened since ``since``."""
    labels = {c.pk: c.label for c in TicketCategory.objects.all()}
    states = dict(TicketState.choices)
    rows = (
        Ticket.objects.filter(created_at__gte=since)
        .annotate(month=_month("created_at"))
        .order_by()
        .values("month", "category_id", "state")
        .annotate(count=Count("id"))
        .order_by("month", "category_id", "state")
    )
    return [
        {
            "month": _month_key(row["month"]),
            "category": labels.get(row["category_id"], ""),
            "state": states.get(row["state"], row["state"]),
            "count": row["count"],
        }
        for row in rows
    ]


def sla_attainment(since, now=None) -> list[SlaMonth]:
    """Per month of opening: of the tickets whose target has come (answered,
    or due and not answered), how many met it."""
    now = now or timezone.now()
    first_counted = Q(first_response_at__isnull=False) | Q(first_response_due__lt=now)
    resolution_counted = Q(resolved_at__isnull=False) | Q(resolution_due__lt=now)
    rows = (
        Ticket.objects.filter(created_at__gte=since)
        .annotate(month=_month("created_at"))
        .order_by()
        .values("month")
        .annotate(
            tickets=Count("id"),
            first_counted=Count("id", filter=first_counted),
            first_met=Count(
                "id", filter=Q(first_response_at__lte=F("first_response_due"))
            ),
            resolution_counted=Count("id", filter=resolution_counted),
            resolution_met=Count("id", filter=Q(resolved_at__lte=F("resolution_due"))),
        )
        .order_by("month")
    )
    return [SlaMonth(month=_month_key(row.pop("month")), **row) for row in rows]


def satisfaction(since) -> list[dict]:
    """Per month: support CSAT (tickets rated) and delivery ratings."""
    csat = (
        Ticket.objects.filter(csat_at__gte=since, csat_score__isnull=False)
        .annotate(month=_month("csat_at"))
        .order_by()
        .values("month")
        .annotate(
            rated=Count("id"),
            satisfied=Count("id", filter=Q(csat_score__gte=4)),
            avg=Avg("csat_score"),
        )
    )
    deliveries = (
        DeliveryRating.objects.filter(rated_at__gte=since)
        .annotate(month=_month("rated_at"))
        .order_by()
        .values("month")
        .annotate(rated=Count("id"), avg=Avg("rating"))
    )
    months: dict[str, dict] = {}
    for row in csat:
        months.setdefault(_month_key(row["month"]), {}).update(
            csat_rated=row["rated"],
            csat_avg=average(row["avg"]),
            csat_rate=percent(row["satisfied"], row["rated"]),
        )
    for row in deliveries:
        months.setdefault(_month_key(row["month"]), {}).update(
            delivery_rated=row["rated"], delivery_avg=average(row["avg"])
        )
    return [{"month": month, **months[month]} for month in sorted(months)]


def dispute_outcomes(since) -> list[dict]:
    """[{month, outcome, count, amount}] of disputes decided since ``since``."""
    labels = dict(OutcomeKind.choices)
    rows = (
        DisputeOutcome.objects.filter(decided_at__gte=since)
        .annotate(month=_month("decided_at"))
        .order_by()
        .values("month", "kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("month", "kind")
    )
    return [
        {
            "month": _month_key(row["month"]),
            "outcome": labels.get(row["kind"], row["kind"]),
            "count": row["count"],
            "amount": row["amount"] or 0,
        }
        for row in rows
    ]


def support_report(*, months: int = 12) -> dict:
    since = first_month(months)
    return {
        "since": since,
        "by_category": tickets_by_category_and_state(since),
        "sla": sla_attainment(since),
        "satisfaction": satisfaction(since),
        "disputes": dispute_outcomes(since),
    }


def export_rows(report: dict) -> list[dict]:
    """Every figure of the report as one flat row (the CSV/Excel download)."""
    rows = []

    def add(section, month, item, count, value=""):
        rows.append(
            {
                "section": str(section),
                "month": month,
                "item": str(item),
                "count": count,
                "value": "" if value is None else str(value),
            }
        )

    for r in report["by_category"]:
        add(_("Tickets"), r["month"], f"{r['category']} / {r['state']}", r["count"])
    for s in report["sla"]:
        add(_("First response in time (%)"), s.month, "", s.first_counted, s.first_rate)
        add(
            _("Resolved in time (%)"),
            s.month,
            "",
            s.resolution_counted,
            s.resolution_rate,
        )
    for m in report["satisfaction"]:
        if "csat_rated" in m:
            add(
                _("Support satisfaction"),
                m["month"],
                "",
                m["csat_rated"],
                m["csat_avg"],
            )
        if "delivery_rated" in m:
            add(
                _("Delivery rating"),
                m["month"],
                "",
                m["delivery_rated"],
                m["delivery_avg"],
            )
    for d in report["disputes"]:
        add(_("Dispute outcomes"), d["month"], d["outcome"], d["count"], d["amount"])
    return rows


EXPORT_COLUMNS = [
    (_("Figure"), lambda row: row["section"]),
    (_("Month"), lambda row: row["month"]),
    (_("Item"), lambda row: row["item"]),
    (_("Count"), lambda row: row["count"]),
    (_("Value"), lambda row: row["value"]),
]
