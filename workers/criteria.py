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
    DeliveryRatingRecord,
    IdentityCheck,
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
    ("min_avg_delivery_rating", _("Average client rating of deliveries"), "rating"),
    ("min_response_rate_24h", _("Messages answered within 24 hours"), "percent"),
    ("no_overdue_incident_days", _("Overdue incidents"), "incidents"),
    ("no_conduct_incident_days", _("Conduct incidents"), "incidents"),
    ("requires_passed_skill_test", _("Passed skill test in the category"), "bool"),
    ("requires_identity_check", _("Approved identity check"), "bool"),
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
    identity_approved: bool = False
    incidents: list = field(default_factory=list)  # [(kind, occurred_at)]
    # The clients' ratings of deliveries the worker's work was in.
    delivery_rated: int = 0
    delivery_rating_sum: int = 0

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
    def avg_delivery_rating(self):
        if not self.delivery_rated:
            return None
        return floor2(Decimal(self.delivery_rating_sum) / Decimal(self.delivery_rated))

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


def _chosen_criteria(category_ids) -> dict[int, list[CertificationCriteria]]:
    """{category id: each level's criteria (its own row, else the default),
    highest rank first}, for every category in one query."""
    rows = CertificationCriteria.objects.filter(
        Q(category_id__in=category_ids) | Q(category__isnull=True)
    ).select_related("level")
    defaults = [r for r in rows if r.category_id is None]
    chosen: dict[int, dict[int, CertificationCriteria]] = {}
    for category_id in category_ids:
        chosen[category_id] = {r.level_id: r for r in defaults}
    for row in rows:
        if row.category_id is not None:
            chosen[row.category_id][row.level_id] = row
    return {
        category_id: sorted(by_level.values(), key=lambda c: c.level.rank, reverse=True)
        for category_id, by_level in chosen.items()
    }


def criteria_by_level(category) -> list[CertificationCriteria]:
    """Each level's criteria for the category (its own row, else the default),
    highest rank first."""
    return _chosen_criteria([category.pk])[category.pk]


def _work_figures(*, worker, category_ids, windows, as_of) -> dict:
    """{(category id, window): work counts}: one grouped query whatever the
    number of categories and windows (a filtered aggregate per window)."""
    approved = Q(outcome=WorkRecord.Outcome.APPROVED)
    counted = Q(outcome__in=COUNTED_OUTCOMES)
    aggregates = {}
    for w in windows:
        within = Q(completed_at__gt=as_of - timedelta(days=w))
        aggregates |= {
            f"approved_{w}": Count("id", filter=within & approved),
            f"counted_{w}": Count("id", filter=within & counted),
            f"first_pass_{w}": Count("id", filter=within & approved & Q(revisions=0)),
            f"rated_{w}": Count("rating", filter=within & approved),
            f"rating_sum_{w}": Sum("rating", filter=within & approved),
        }
    rows = (
        WorkRecord.objects.filter(
            worker=worker,
            category_id__in=category_ids,
            completed_at__gt=as_of - timedelta(days=max(windows)),
            completed_at__lte=as_of,
        )
        .order_by()
        .values("category_id")
        .annotate(**aggregates)
    )
    found = {row["category_id"]: row for row in rows}
    figures = {}
    for category_id in category_ids:
        row = found.get(category_id, {})
        for w in windows:
            figures[category_id, w] = {
                key: row.get(f"{key}_{w}") or 0
                for key in ("approved", "counted", "first_pass", "rated", "rating_sum")
            }
    return figures


def _response_figures(*, worker, windows, as_of) -> dict[int, tuple[int, int]]:
    """{window: (messages, answered in time)}, in one query."""
    # A message younger than 24 hours still unanswered has not failed yet.
    in_time = Q(answered_at__lte=F("asked_at") + RESPONSE_WINDOW) & Q(
        answered_at__lte=as_of
    )
    aggregates = {}
    for w in windows:
        within = Q(asked_at__gt=as_of - timedelta(days=w))
        aggregates[f"messages_{w}"] = Count("id", filter=within)
        aggregates[f"in_time_{w}"] = Count("id", filter=within & in_time)
    row = (
        ResponseRecord.objects.filter(
            worker=worker,
            asked_at__gt=as_of - timedelta(days=max(windows)),
            asked_at__lte=as_of,
        )
        .filter(Q(answered_at__isnull=False) | Q(asked_at__lte=as_of - RESPONSE_WINDOW))
        .aggregate(**aggregates)
    )
    return {w: (row[f"messages_{w}"], row[f"in_time_{w}"]) for w in windows}


def _delivery_rating_figures(*, worker, category_ids, windows, as_of) -> dict:
    """{(category id, window): (ratings, their sum)}: one grouped query."""
    aggregates = {}
    for w in windows:
        within = Q(rated_at__gt=as_of - timedelta(days=w))
        aggregates[f"rated_{w}"] = Count("id", filter=within)
        aggregates[f"sum_{w}"] = Sum("rating", filter=within)
    rows = (
        DeliveryRatingRecord.objects.filter(
            worker=worker,
            category_id__in=category_ids,
            rated_at__gt=as_of - timedelta(days=max(windows)),
            rated_at__lte=as_of,
        )
        .order_by()
        .values("category_id")
        .annotate(**aggregates)
    )
    found = {row["category_id"]: row for row in rows}
    return {
        (category_id, w): (
            found.get(category_id, {}).get(f"rated_{w}") or 0,
            found.get(category_id, {}).get(f"sum_{w}") or 0,
        )
        for category_id in category_ids
        for w in windows
    }


def _measure_many(
    *, worker, category_ids, windows, as_of, incident_days, need_identity=False
) -> dict:
    """{(category id, window): Figures} of ``worker`` for the windows ending
    at as_of: five queries however many categories and windows."""
    work = _work_figures(
        worker=worker, category_ids=category_ids, windows=windows, as_of=as_of
    )
    responses = _response_figures(worker=worker, windows=windows, as_of=as_of)
    incidents = list(
        Incident.objects.filter(
            worker=worker,
            kind__in=[Incident.Kind.OVERDUE, Incident.Kind.CONDUCT],
            occurred_at__gt=as_of - timedelta(days=incident_days),
            occurred_at__lte=as_of,
        ).values_list("kind", "occurred_at")
    )
    delivery_ratings = _delivery_rating_figures(
        worker=worker, category_ids=category_ids, windows=windows, as_of=as_of
    )
    passed = set(
        WorkerSkill.objects.filter(
            profile__user=worker, skill__category_id__in=category_ids, verified=True
        ).values_list("skill__category_id", flat=True)
    )
    identity_approved = (
        need_identity
        and IdentityCheck.objects.filter(
            user=worker, state=IdentityCheck.State.APPROVED
        ).exists()
    )
    return {
        (category_id, w): Figures(
            window_days=w,
            **work[category_id, w],
            messages=responses[w][0],
            answered_in_time=responses[w][1],
            passed_skill_test=category_id in passed,
            identity_approved=identity_approved,
            incidents=incidents,
            delivery_rated=delivery_ratings[category_id, w][0],
            delivery_rating_sum=delivery_ratings[category_id, w][1],
        )
        for category_id, w in work
    }


def measure(*, worker, category, window_days: int, as_of, incident_days: int):
    """The figures of ``worker`` in ``category`` for the window ending at as_of."""
    return _measure_many(
        worker=worker,
        category_ids=[category.pk],
        windows=[window_days],
        as_of=as_of,
        incident_days=incident_days,
    )[category.pk, window_days]


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
    if c.min_avg_delivery_rating is not None:
        results.append(
            _at_least(
                "min_avg_delivery_rating",
                figures.avg_delivery_rating,
                c.min_avg_delivery_rating,
            )
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
    if c.requires_identity_check:
        approved = figures.identity_approved
        results.append(
            CriterionResult("requires_identity_check", approved, True, approved)
        )
    return Evaluation(level=c.level, criteria=c, results=results)


def evaluate_levels(*, worker, category, as_of) -> list[Evaluation]:
    """Every level's evaluation for the worker in the category, highest first."""
    return evaluate_levels_many(worker=worker, categories=[category], as_of=as_of)[
        category.pk
    ]


def evaluate_levels_many(*, worker, categories, as_of) -> dict[int, list[Evaluation]]:
    """{category id: every level's evaluation, highest first} for the worker:
    the same figures as one category at a time, in six queries for all."""
    ids = [c.pk for c in categories]
    chosen = _chosen_criteria(ids)
    rows = [row for category_rows in chosen.values() for row in category_rows]
    if not rows:
        return {pk: [] for pk in ids}
    incident_days = max(
        [r.no_overdue_incident_days or 0 for r in rows]
        + [r.no_conduct_incident_days or 0 for r in rows]
    )
    measured = _measure_many(
        worker=worker,
        category_ids=ids,
        windows=sorted({r.window_days for r in rows}),
        as_of=as_of,
        incident_days=incident_days,
        need_identity=any(r.requires_identity_check for r in rows),
    )
    return {
        pk: [evaluate(row, measured[pk, row.window_days], as_of) for row in chosen[pk]]
        for pk in ids
    }
