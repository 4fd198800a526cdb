"""Reads of the workers app: search, detail pages, certification progress."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprise.models import WorkCategory

from .criteria import Evaluation, evaluate_levels_many
from .models import (
    BankAccount,
    Certification,
    CertificationDecision,
    Incident,
    WorkerCategoryStats,
    WorkerProfile,
    WorkerSkill,
    WorkRecord,
)
from .permissions import VIEW_BANK, profiles_visible_to
from .recommendation import INCIDENT_DAYS, Recommendation, recommend_workers

__all__ = [
    "Recommendation",
    "bank_account_list_for_user",
    "certification_progress",
    "recommend_workers",
    "worker_search",
]

HELD = [Certification.Status.ACTIVE, Certification.Status.PROBATION]


def _recent_incidents(as_of):
    return Coalesce(
        Subquery(
            Incident.objects.filter(
                worker=OuterRef("user_id"),
                occurred_at__gt=as_of - timedelta(days=INCIDENT_DAYS),
                occurred_at__lte=as_of,
            )
            .order_by()
            .values("worker")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


def availability_q(value: str, today) -> Q:
    """Profiles whose availability on ``today`` is ``value``."""
    away = WorkerProfile.Availability.AWAY
    back = Q(availability=away, away_until__lt=today)
    if value == WorkerProfile.Availability.AVAILABLE:
        return Q(availability=value) | back
    if value == away:
        return Q(availability=away, away_until__gte=today)
    return Q(availability=value)


def worker_search(
    *,
    user,
    skill=None,
    min_level: int | None = None,
    level=None,
    category=None,
    availability: str | None = None,
    min_capacity_left: int | None = None,
    text: str = "",
    as_of=None,
):
    """Profiles ``user`` may see, filtered, with skills and levels prefetched.

    ``level`` (a CertificationLevel) keeps workers holding it or a higher one
    (in ``category`` when given, else in any). Each profile carries
    ``capacity_left_now``, ``recent_incidents``, ``held_certifications`` and
    its ``skill_list``: a constant number of queries for any page size.
    """
    as_of = as_of or timezone.now()
    today = timezone.localdate(as_of)
    qs = profiles_visible_to(user).filter(user__is_active=True)
    if skill is not None:
        wanted = WorkerSkill.objects.filter(profile=OuterRef("pk"), skill=skill)
        if min_level:
            wanted = wanted.filter(self_level__gte=min_level)
        qs = qs.filter(Exists(wanted))
    elif category is not None:
        qs = qs.filter(
            Exists(
                WorkerSkill.objects.filter(
                    profile=OuterRef("pk"), skill__category=category
                )
            )
        )
    if level is not None:
        held = Certification.objects.filter(
            worker=OuterRef("user_id"), status__in=HELD, level__rank__gte=level.rank
        )
        if category is not None:
            held = held.filter(category=category)
        qs = qs.filter(Exists(held))
    if availability:
        qs = qs.filter(availability_q(availability, today))
    qs = qs.annotate(
        capacity_left_now=F("capacity") - F("active_assignments"),
        recent_incidents=_recent_incidents(as_of),
    )
    if min_capacity_left:
        qs = qs.filter(capacity_left_now__gte=min_capacity_left)
    if text:
        qs = qs.filter(
            Q(display_name__icontains=text)
            | Q(legal_name__icontains=text)
            | Q(legal_name_kana__icontains=text)
        )
    return qs.select_related("user").prefetch_related(
        # A list (to_attr), not a queryset cached on each profile's manager:
        # Django clones and filters a queryset per row for the latter.
        Prefetch(
            "skills",
            queryset=WorkerSkill.objects.select_related("skill"),
            to_attr="skill_list",
        ),
        Prefetch(
            "user__certifications",
            queryset=Certification.objects.filter(status__in=HELD).select_related(
                "level", "category"
            ),
            to_attr="held_certifications",
        ),
    )


def worker_detail(profile: WorkerProfile, *, as_of=None) -> dict:
    """What a director reads about one worker (never the bank account)."""
    as_of = as_of or timezone.now()
    worker = profile.user
    certifications = (
        Certification.objects.filter(worker=worker)
        .select_related("level", "category")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=CertificationDecision.objects.select_related(
                    "from_level", "to_level"
                ),
            )
        )
    )
    return {
        "skills": profile.skills.select_related("skill__category"),
        "certifications": certifications,
        "incidents": Incident.objects.filter(worker=worker).select_related(
            "recorded_by"
        ),
        "stats": WorkerCategoryStats.objects.filter(worker=worker).select_related(
            "category"
        ),
        "records": WorkRecord.objects.filter(worker=worker).select_related("category")[
            :20
        ],
        "recent_incidents": Incident.objects.filter(
            worker=worker,
            occurred_at__gt=as_of - timedelta(days=INCIDENT_DAYS),
            occurred_at__lte=as_of,
        ).count(),
    }


@dataclass
class CategoryProgress:
    category: WorkCategory
    certification: Certification | None
    current: Evaluation | None  # the level held, measured now
    next: Evaluation | None  # the next level up, measured now
    decisions: list


def certification_progress(*, worker, as_of=None) -> list[CategoryProgress]:
    """For each category the worker works in: the level held, how it stands,
    and each criterion of the next level with the worker's figure."""
    as_of = as_of or timezone.now()
    ids = set(
        WorkRecord.objects.filter(worker=worker).values_list("category_id", flat=True)
    )
    ids |= set(
        WorkerSkill.objects.filter(profile__user=worker).values_list(
            "skill__category_id", flat=True
        )
    )
    certs = {
        c.category_id: c
        for c in Certification.objects.filter(worker=worker)
        .select_related("level")
        .prefetch_related("decisions__to_level", "decisions__from_level")
    }
    ids |= set(certs)
    progress = []
    categories = list(WorkCategory.objects.filter(pk__in=ids))
    evaluated = evaluate_levels_many(worker=worker, categories=categories, as_of=as_of)
    for category in categories:
        cert = certs.get(category.pk)
        evaluations = evaluated[category.pk]
        held_rank = cert.level.rank if cert and cert.holds else 0
        current = next(
            (e for e in evaluations if cert and cert.holds and e.level == cert.level),
            None,
        )
        above = [e for e in evaluations if e.level.rank > held_rank]
        progress.append(
            CategoryProgress(
                category=category,
                certification=cert,
                current=current,
                next=min(above, key=lambda e: e.level.rank) if above else None,
                decisions=list(cert.decisions.all()[:5]) if cert else [],
            )
        )
    return progress


def bank_account_list_for_user(user):
    """Finance's list of payout accounts; nobody else gets any row."""
    if not user.has_perm(VIEW_BANK):
        return BankAccount.objects.none()
    return BankAccount.objects.select_related("profile__user").order_by(
        "profile__display_name", "pk"
    )


PICK_LIMIT = 20


def offerable_workers(*, user, text: str, exclude_user_ids=(), limit=PICK_LIMIT):
    """Workers ``user`` may see whose name or login contains ``text`` and who
    may take an offer now: an active worker account, not suspended or gone,
    the current agreements accepted and (for a self sign-up) the identity
    check approved. At most ``limit``, by display name; one query.

    Capacity and being away are left to the offer service, which says so."""
    from enterprise.roles import WORKER

    from .models_onboarding import AgreementAcceptance, IdentityCheck
    from .onboarding import current_agreements

    text = text.strip()
    if not text:
        return []
    qs = (
        profiles_visible_to(user)
        .filter(
            user__is_active=True,
            user__groups__name=WORKER,
            status=WorkerProfile.Status.ACTIVE,
        )
        .filter(
            Q(display_name__icontains=text)
            | Q(legal_name__icontains=text)
            | Q(legal_name_kana__icontains=text)
            | Q(user__username__icontains=text)
        )
        .exclude(user_id__in=[pk for pk in exclude_user_ids if pk])
    )
    for agreement in current_agreements():
        qs = qs.filter(
            Exists(
                AgreementAcceptance.objects.filter(
                    user=OuterRef("user_id"), agreement=agreement
                )
            )
        )
    identity = IdentityCheck.objects.filter(
        user=OuterRef("user_id"), state=IdentityCheck.State.APPROVED
    )
    qs = qs.filter(
        Q(user__self_registered=False, signup_steps=False) | Exists(identity)
    )
    qs = qs.annotate(capacity_left_now=F("capacity") - F("active_assignments"))
    return list(qs.select_related("user").order_by("display_name", "pk")[:limit])


def worker_name(user) -> str:
    """The name a worker goes by on staff pages: the profile's display name
    (as the ranked list shows it), else the account's name. Select
    ``<user>__worker_profile`` with the user to keep it free of queries."""
    if user is None:
        return ""
    try:
        profile = user.worker_profile
    except WorkerProfile.DoesNotExist:
        profile = None
    return (profile.display_name if profile else "") or user.display_name
