"""Ranking workers for a subtask, with the reasons for each rank.

One SQL query ranks every candidate: the certification and the category
figures come in by joins on one row per worker (``FilteredRelation``), recent
incidents by a correlated count on an indexed column, and each part of the
score is computed in the database, so the ordering and the explanation read
the same numbers. Workers who are away or have no capacity left are not
candidates.

Points (the operator can read them next to each worker):
- skill: 10 per self-assessed level, +20 when a passed test verified it;
- certification in the category: 25 per level rank (10 on probation);
- capacity left: 4 per free slot, at most 20;
- availability: +10 available, -10 busy;
- incidents in the last 90 days: -30 each;
- past ratings in the category: (average - 3) x 10;
- approved subtasks in the category: 2 each, at most 20.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Certification, Incident, WorkerProfile, WorkerSkill

INCIDENT_DAYS = 90
INT = IntegerField()


def _int(expression):
    return Coalesce(expression, Value(0), output_field=INT)


@dataclass
class Recommendation:
    worker: object  # enterprise.User
    profile: WorkerProfile
    score: int
    skill_level: int
    verified: bool
    certification_level: str | None
    certification_status: str | None
    capacity_left: int
    availability: str
    recent_incidents: int
    rated_count: int
    avg_rating: Decimal | None
    approved_count: int
    parts: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _candidates(*, skill, category, min_level, exclude_user_ids, as_of):
    today = timezone.localdate(as_of)
    certs = "profile__user__certifications"
    stats = "profile__user__category_stats"
    recent = (
        Incident.objects.filter(
            worker=OuterRef("profile__user_id"),
            occurred_at__gt=as_of - timedelta(days=INCIDENT_DAYS),
            occurred_at__lte=as_of,
        )
        .order_by()
        .values("worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        WorkerSkill.objects.filter(skill=skill, profile__user__is_active=True)
        .filter(profile__capacity__gt=F("profile__active_assignments"))
        .exclude(
            profile__availability=WorkerProfile.Availability.AWAY,
            profile__away_until__gte=today,
        )
        .exclude(profile__user_id__in=list(exclude_user_ids))
    )
    if min_level:
        qs = qs.filter(self_level__gte=min_level)
    return qs.annotate(
        cert=FilteredRelation(
            certs,
            condition=Q(**{f"{certs}__category": category})
            & ~Q(**{f"{certs}__status": Certification.Status.REVOKED}),
        ),
        stats=FilteredRelation(stats, condition=Q(**{f"{stats}__category": category})),
    ).annotate(
        cert_rank=_int(F("cert__level__rank")),
        cert_status=F("cert__status"),
        cert_name=F("cert__level__name"),
        cert_name_en=F("cert__level__name_en"),
        approved_count=_int(F("stats__approved_count")),
        rated_count=_int(F("stats__rated_count")),
        rating_sum=_int(F("stats__rating_sum")),
        recent_incidents=_int(Subquery(recent, output_field=INT)),
        capacity_left=F("profile__capacity") - F("profile__active_assignments"),
    )


def _scored(qs):
    active, probation = Certification.Status.ACTIVE, Certification.Status.PROBATION
    return qs.annotate(
        pts_skill=F("self_level") * 10
        + Case(When(verified=True, then=Value(20)), default=Value(0)),
        pts_cert=Case(
            When(cert_status=active, then=F("cert_rank") * 25),
            When(cert_status=probation, then=F("cert_rank") * 10),
            default=Value(0),
            output_field=INT,
        ),
        pts_capacity=Least(F("capacity_left"), Value(5)) * 4,
        pts_availability=Case(
            When(
                profile__availability=WorkerProfile.Availability.BUSY, then=Value(-10)
            ),
            default=Value(10),
            output_field=INT,
        ),
        pts_incidents=F("recent_incidents") * -30,
        # Integer division truncates toward zero on PostgreSQL and SQLite alike.
        pts_rating=Case(
            When(
                rated_count__gt=0,
                then=(F("rating_sum") * 10 - F("rated_count") * 30) / F("rated_count"),
            ),
            default=Value(0),
            output_field=INT,
        ),
        pts_experience=Least(F("approved_count"), Value(10)) * 2,
    ).annotate(
        score=F("pts_skill")
        + F("pts_cert")
        + F("pts_capacity")
        + F("pts_availability")
        + F("pts_incidents")
        + F("pts_rating")
        + F("pts_experience")
    )


def _explain(row, *, skill, category, today, english: bool) -> Recommendation:
    profile = row.profile
    availability = profile.availability_on(today)
    avg = None
    if row.rated_count:
        avg = (Decimal(row.rating_sum) / row.rated_count).quantize(
            Decimal("0.1"), rounding=ROUND_DOWN
        )
    cert_name = (row.cert_name_en if english else row.cert_name) or None
    rec = Recommendation(
        worker=profile.user,
        profile=profile,
        score=row.score,
        skill_level=row.self_level,
        verified=row.verified,
        certification_level=cert_name,
        certification_status=row.cert_status,
        capacity_left=row.capacity_left,
        availability=availability,
        recent_incidents=row.recent_incidents,
        rated_count=row.rated_count,
        avg_rating=avg,
        approved_count=row.approved_count,
    )
    skill_text = (
        _("%(skill)s level %(level)s, verified by a test")
        if row.verified
        else _("%(skill)s level %(level)s (self-assessed)")
    ) % {"skill": skill.label, "level": row.self_level}
    if cert_name and row.cert_status == Certification.Status.PROBATION:
        cert_text = _("%(level)s in %(category)s, on probation")
    elif cert_name:
        cert_text = _("%(level)s in %(category)s")
    else:
        cert_text = _("Not certified in %(category)s")
    cert_text %= {"level": cert_name, "category": category.label}
    capacity_text = _("%(left)s of %(capacity)s slots free") % {
        "left": row.capacity_left,
        "capacity": profile.capacity,
    }
    availability_text = str(WorkerProfile.Availability(availability).label)
    incident_text = (
        _("%(count)s incident(s) in the last %(days)s days")
        % {"count": row.recent_incidents, "days": INCIDENT_DAYS}
        if row.recent_incidents
        else _("No incident in the last %(days)s days") % {"days": INCIDENT_DAYS}
    )
    rating_text = (
        _("Average rating %(avg)s from %(count)s review(s) in %(category)s")
        % {"avg": avg, "count": row.rated_count, "category": category.label}
        if avg is not None
        else _("No rating yet in %(category)s") % {"category": category.label}
    )
    experience_text = _("%(count)s approved subtask(s) in %(category)s") % {
        "count": row.approved_count,
        "category": category.label,
    }
    rec.parts = [
        (skill_text, row.pts_skill),
        (cert_text, row.pts_cert),
        (capacity_text, row.pts_capacity),
        (availability_text, row.pts_availability),
        (incident_text, row.pts_incidents),
        (rating_text, row.pts_rating),
        (experience_text, row.pts_experience),
    ]
    rec.reasons = [text for text, _points in rec.parts]
    return rec


def recommend_workers(
    *,
    skill,
    category=None,
    min_level: int | None = None,
    exclude_user_ids=(),
    limit: int = 20,
    as_of=None,
) -> list[Recommendation]:
    """The best ``limit`` workers for work needing ``skill`` in ``category``.

    ``category`` defaults to the skill's; ``min_level`` filters on the
    declared level; ``exclude_user_ids`` leaves out people (e.g. those who
    already declined the subtask). Best first; ties go to the higher skill
    level, then the higher certification, then the earlier registration.
    One query, whatever the number of workers.
    """
    from django.utils.translation import get_language

    as_of = as_of or timezone.now()
    category = category or skill.category
    qs = _scored(
        _candidates(
            skill=skill,
            category=category,
            min_level=min_level,
            exclude_user_ids=exclude_user_ids,
            as_of=as_of,
        )
    ).select_related("profile__user")
    rows = qs.order_by("-score", "-self_level", "-cert_rank", "profile_id")[:limit]
    english = (get_language() or "ja").startswith("en")
    today = timezone.localdate(as_of)
    return [
        _explain(row, skill=skill, category=category, today=today, english=english)
        for row in rows
    ]
