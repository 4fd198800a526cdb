"""Reviewer calibration: how each director's reviews compare with the others'
and with what clients later said of the delivery.

For the head of directors (whoever manages the roster). Every figure is a
grouped query, so the page costs the same whatever the number of reviews.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Abs, Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directors.services import can_manage_roster
from engagements.models import Review

from .models import DeliveryRating

# A client's rating this many stars or more away from the director's average
# review rating of the same engagement counts as a disagreement.
DISAGREEMENT_STARS = 2
TENTH = Decimal("0.1")
D = Review.Decision
SPREAD_FIGURES = [
    ("approval_rate", _("Approval rate (%)")),
    ("revision_rate", _("Revision rate (%)")),
    ("rejection_rate", _("Rejection rate (%)")),
    ("review_hours", _("Hours to review")),
    ("disagreement_rate", _("Client disagrees (%)")),
]


def may_see_calibration(user) -> bool:
    return can_manage_roster(user)


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(TENTH, ROUND_DOWN)


@dataclass
class DirectorFigures:
    director: object
    reviews: int = 0
    approved: int = 0
    revisions: int = 0
    rejected: int = 0
    review_time: datetime.timedelta | None = None
    reasons: dict = field(default_factory=dict)  # {reason label: count}
    client_rated: int = 0
    disagreed: int = 0

    @property
    def approval_rate(self):
        return rate(self.approved, self.reviews)

    @property
    def revision_rate(self):
        return rate(self.revisions, self.reviews)

    @property
    def rejection_rate(self):
        return rate(self.rejected, self.reviews)

    @property
    def disagreement_rate(self):
        return rate(self.disagreed, self.client_rated)

    @property
    def review_hours(self):
        if self.review_time is None:
            return None
        hours = Decimal(self.review_time.total_seconds()) / 3600
        return hours.quantize(TENTH, ROUND_DOWN)


@dataclass(frozen=True)
class Spread:
    """One figure across directors: lowest, highest and the gap between."""

    label: object  # a lazy translation
    low: Decimal | None
    high: Decimal | None

    @property
    def gap(self):
        if self.low is None or self.high is None:
            return None
        return self.high - self.low


def _review_counts(since) -> dict[int, dict]:
    review_time = ExpressionWrapper(
        F("reviewed_at") - F("submission__submitted_at"),
        output_field=DurationField(),
    )
    rows = (
        Review.objects.filter(reviewed_at__gte=since)
        .order_by()
        .values("reviewer_id")
        .annotate(
            reviews=Count("id"),
            approved=Count("id", filter=Q(decision=D.APPROVED)),
            revisions=Count("id", filter=Q(decision=D.REVISION_REQUESTED)),
            rejected=Count("id", filter=Q(decision=D.REJECTED)),
            review_time=Avg(review_time),
        )
    )
    return {row.pop("reviewer_id"): row for row in rows}


def _reasons(since) -> dict[int, dict]:
    labels = dict(Review.RejectReason.choices)
    rows = (
        Review.objects.filter(reviewed_at__gte=since)
        .exclude(reason_code="")
        .order_by()
        .values("reviewer_id", "reason_code")
        .annotate(n=Count("id"))
    )
    reasons: dict[int, dict] = {}
    for row in rows:
        label = labels.get(row["reason_code"], row["reason_code"])
        reasons.setdefault(row["reviewer_id"], {})[label] = row["n"]
    return reasons


def _disagreements(since) -> dict[int, tuple[int, int]]:
    """{director id: (deliveries rated by the client, of them disagreeing)}."""
    director_avg = (
        Review.objects.filter(
            submission__subtask__engagement=OuterRef("delivery__engagement"),
            decision=D.APPROVED,
            rating__isnull=False,
        )
        .order_by()
        .values("submission__subtask__engagement")
        .annotate(avg=Avg(Cast("rating", FloatField())))
        .values("avg")
    )
    rows = (
        DeliveryRating.objects.filter(
            rated_at__gte=since, delivery__engagement__director__isnull=False
        )
        .annotate(director_avg=Subquery(director_avg, output_field=FloatField()))
        .filter(director_avg__isnull=False)
        .annotate(gap=Abs(Cast("rating", FloatField()) - F("director_avg")))
        .order_by()
        .values("delivery__engagement__director")
        .annotate(
            rated=Count("id"),
            disagreed=Count("id", filter=Q(gap__gte=DISAGREEMENT_STARS)),
        )
    )
    return {
        row["delivery__engagement__director"]: (row["rated"], row["disagreed"])
        for row in rows
    }


def calibration(*, months: int = 6, today=None) -> dict:
    """Each director's figures over the last ``months`` and their spread."""
    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=30 * months), datetime.time.min
        )
    )
    counts = _review_counts(since)
    reasons = _reasons(since)
    disagreements = _disagreements(since)
    ids = set(counts) | set(disagreements)
    users = get_user_model().objects.in_bulk(ids)
    directors = []
    for pk in ids:
        figures = DirectorFigures(director=users[pk], **counts.get(pk, {}))
        figures.reasons = dict(
            sorted(reasons.get(pk, {}).items(), key=lambda item: -item[1])
        )
        figures.client_rated, figures.disagreed = disagreements.get(pk, (0, 0))
        directors.append(figures)
    directors.sort(key=lambda f: (f.director.display_name, f.director.pk))
    return {
        "since": since,
        "directors": directors,
        "spreads": _spreads(directors),
    }


def _spreads(directors) -> list[Spread]:
    spreads = []
    for attr, label in SPREAD_FIGURES:
        values = [v for d in directors if (v := getattr(d, attr)) is not None]
        spreads.append(
            Spread(label, min(values, default=None), max(values, default=None))
        )
    return spreads
