"""Measuring a worker against the certification criteria.

Both the recompute service (which writes decisions) and the worker's
certification page (which only shows the figures) use these functions, so
what a worker reads is exactly what decides their level.

Rates are percentages floored to two decimals. Thresholds have two decimals
too, so comparing the floored figure is the same as comparing the exact one:
89.999…% never passes a 90.00% threshold.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from .models import (
    CertificationCriteria,
    CertificationLevel,
    Incident,
    ResponseRecord,
    WorkerSkill,
    WorkRecord,
)

CENT = Decimal("0.01")
RESPONSE_WINDOW = timedelta(hours=24)
# Outcomes that count in the completion rate; a cancellation by the client or
# the operator is nobody's failure and stays out.
COUNTED_OUTCOMES = [
    WorkRecord.Outcome.APPROVED,
    WorkRecord.Outcome.REJECTED,
    WorkRecord.Outcome.OVERDUE,
    WorkRecord.Outcome.ABANDONED,
]

# (criterion field, label, how the figure reads): the order pages show them in.
CRITERIA = [
    ("min_approved", _("Approved subtasks"), "count"),
    ("min_completion_rate", _("Completion rate"), "percent"),
    ("min_first_pass_rate", _("Approved without revision"), "percent"),
    ("min_avg_rating", _("Average rating"), "rating"),
    ("min_response_rate_24h", _("Messages answered within 24 hours"), "percent"),
    ("no_overdue_incident_days", _("Overdue incidents"), "incidents"),
    ("no_conduct_incident_days", _("Conduct incidents"), "incidents"),
    ("requires_passed_skill_test", _("Passed skill test in the category"), "bool"),
]
LABELS = {code: label for code, label, _kind in CRITERIA}
KINDS = {code: kind for code, _label, kind in CRITERIA}


def floor2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return floor2(Decimal(part * 100) / Decimal(whole))


@dataclass(frozen=True)
class Figures:
    """What a worker did in one category over one window."""

    window_days: int
    approved: int
    counted: int
    first_pass: int
    rated: int
    rating_sum: int
    messages: int
    answered_in_time: int
    passed_skill_test: bool
    incidents: list = field(default_factory=list)  # [(kind, occurred_at)]

    @property
    def completion_rate(self):
        return percent(self.approved, self.counted)

    @property
    def first_pass_rate(self):
        return percent(self.first_pass, self.approved)

    @property
    def avg_rating(self):
        if not self.rated:
            return None
        return floor2(Decimal(self.rating_sum) / Decimal(self.rated))

    @property
    def response_rate_24h(self):
        return percent(self.answered_in_time, self.messages)

    def incidents_within(self, kind: str, days: int, as_of) -> int:
        since = as_of - timedelta(days=days)
        return sum(1 for k, at in self.incidents if k == kind and at > since)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    value: object  # int, Decimal, bool or None (no data yet)
    threshold: object
    met: bool

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def kind(self):
        return KINDS[self.code]

    def to_json(self) -> dict:
        def plain(v):
            return str(v) if isinstance(v, Decimal) else v

        return {
            "code": self.code,
            "value": plain(self.value),
            "threshold": plain(self.threshold),
            "met": self.met,
        }


@dataclass(frozen=True)
class Evaluation:
    """One level's criteria against one worker's figures."""

    level: CertificationLevel
    criteria: CertificationCriteria
    results: list[CriterionResult]

    @property
    def met(self) -> bool:
        return all(r.met for r in self.results)

    @property
    def missing(self) -> list[CriterionResult]:
        return [r for r in self.results if not r.met]

    @property
    def conduct_failed(self) -> bool:
        return any(
            r.code == "no_conduct_incident_days" and not r.met for r in self.results
        )

    def to_json(self) -> dict:
        return {
            "level": self.level.code,
            "window_days": self.criteria.window_days,
            "met": self.met,
            "criteria": [r.to_json() for r in self.results],
        }


def criteria_by_level(category) -> list[CertificationCriteria]:
    """Each level's criteria for the category (its own row, else the default),
    highest rank first."""
    rows = CertificationCriteria.objects.filter(
        Q(category=category) | Q(category__isnull=True)
    ).select_related("level")
    chosen: dict[int, CertificationCriteria] = {}
    for row in rows:
        current = chosen.get(row.level_id)
        if current is None or (current.category_id is None and row.category_id):
            chosen[row.level_id] = row
    return sorted(chosen.values(), key=lambda c: c.level.rank, reverse=True)


def measure(*, worker, category, window_days: int, as_of, incident_days: int):
    """The figures of ``worker`` in ``category`` for the window ending at as_of."""
    start = as_of - timedelta(days=window_days)
    approved = Q(outcome=WorkRecord.Outcome.APPROVED)
    work = WorkRecord.objects.filter(
        worker=worker,
        category=category,
        completed_at__gt=start,
        completed_at__lte=as_of,
    ).aggregate(
        approved=Count("id", filter=approved),
        counted=Count("id", filter=Q(outcome__in=COUNTED_OUTCOMES)),
        first_pass=Count("id", filter=approved & Q(revisions=0)),
        rated=Count("rating", filter=approved),
        rating_sum=Sum("rating", filter=approved),
    )
    # A message younger than 24 hours still unanswered has not failed yet.
    responses = (
        ResponseRecord.objects.filter(
            worker=worker, asked_at__gt=start, asked_at__lte=as_of
        )
        .filter(Q(answered_at__isnull=False) | Q(asked_at__lte=as_of - RESPONSE_WINDOW))
        .aggregate(
            messages=Count("id"),
            in_time=Count(
                "id",
                filter=Q(answered_at__lte=F("asked_at") + RESPONSE_WINDOW)
                & Q(answered_at__lte=as_of),
            ),
        )
    )
    incidents = list(
        Incident.objects.filter(
            worker=worker,
            kind__in=[Incident.Kind.OVERDUE, Incident.Kind.CONDUCT],
            occurred_at__gt=as_of - timedelta(days=incident_days),
            occurred_at__lte=as_of,
        ).values_list("kind", "occurred_at")
    )
    passed_test = WorkerSkill.objects.filter(
        profile__user=worker, skill__category=category, verified=True
    ).exists()
    return Figures(
        window_days=window_days,
        approved=work["approved"],
        counted=work["counted"],
        first_pass=work["first_pass"],
        rated=work["rated"],
        rating_sum=work["rating_sum"] or 0,
        messages=responses["messages"],
        answered_in_time=responses["in_time"],
        passed_skill_test=passed_test,
        incidents=incidents,
    )


def _at_least(code, value, threshold) -> CriterionResult:
    met = value is not None and value >= threshold
    return CriterionResult(code, value, threshold, met)


def evaluate(criteria: CertificationCriteria, figures: Figures, as_of) -> Evaluation:
    """Check every threshold the operator set; an empty one is not checked."""
    results = []
    c = criteria
    if c.min_approved is not None:
        results.append(_at_least("min_approved", figures.approved, c.min_approved))
    if c.min_completion_rate is not None:
        results.append(
            _at_least(
                "min_completion_rate", figures.completion_rate, c.min_completion_rate
            )
        )
    if c.min_first_pass_rate is not None:
        results.append(
            _at_least(
                "min_first_pass_rate", figures.first_pass_rate, c.min_first_pass_rate
            )
        )
    if c.min_avg_rating is not None:
        results.append(
            _at_least("min_avg_rating", figures.avg_rating, c.min_avg_rating)
        )
    if c.min_response_rate_24h is not None:
        rate = figures.response_rate_24h
        # Nobody asked anything: there is nothing the worker failed to answer.
        met = rate is None or rate >= c.min_response_rate_24h
        results.append(
            CriterionResult("min_response_rate_24h", rate, c.min_response_rate_24h, met)
        )
    for code, kind in [
        ("no_overdue_incident_days", Incident.Kind.OVERDUE),
        ("no_conduct_incident_days", Incident.Kind.CONDUCT),
    ]:
        days = getattr(c, code)
        if days is not None:
            count = figures.incidents_within(kind, days, as_of)
            results.append(CriterionResult(code, count, days, count == 0))
    if c.requires_passed_skill_test:
        passed = figures.passed_skill_test
        results.append(
            CriterionResult("requires_passed_skill_test", passed, True, passed)
        )
    return Evaluation(level=c.level, criteria=c, results=results)


def evaluate_levels(*, worker, category, as_of) -> list[Evaluation]:
    """Every level's evaluation for the worker in the category, highest first."""
    rows = criteria_by_level(category)
    if not rows:
        return []
    incident_days = max(
        [r.no_overdue_incident_days or 0 for r in rows]
        + [r.no_conduct_incident_days or 0 for r in rows]
    )
    measured: dict[int, Figures] = {}
    evaluations = []
    for row in rows:
        if row.window_days not in measured:
            measured[row.window_days] = measure(
                worker=worker,
                category=category,
                window_days=row.window_days,
                as_of=as_of,
                incident_days=incident_days,
            )
        evaluations.append(evaluate(row, measured[row.window_days], as_of))
    return evaluations
