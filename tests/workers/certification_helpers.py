"""Building a track record and the criteria it is measured against."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from workers.models import (
    CertificationCriteria,
    CertificationLevel,
    ResponseRecord,
    WorkerSkill,
    WorkRecord,
)

from .factories import IncidentFactory, WorkRecordFactory

THRESHOLDS = {
    "window_days": 180,
    "min_approved": 10,
    "min_completion_rate": Decimal("90.00"),
    "min_first_pass_rate": Decimal("80.00"),
    "min_avg_rating": Decimal("4.50"),
    "min_response_rate_24h": Decimal("80.00"),
    "no_overdue_incident_days": 90,
    "no_conduct_incident_days": 365,
    "requires_passed_skill_test": True,
    "probation_days": 30,
}


def set_criteria(level_code="certified", **changes) -> CertificationCriteria:
    """The level's default criteria set to THRESHOLDS (plus changes); the
    other levels keep theirs."""
    level = CertificationLevel.objects.get(code=level_code)
    criteria, _created = CertificationCriteria.objects.update_or_create(
        level=level, category=None, defaults=THRESHOLDS | changes
    )
    return criteria


def only_certified_level():
    """Leave the certified level alone: senior has no criteria, so it is never met."""
    CertificationCriteria.objects.filter(level__code="senior").delete()
    return set_criteria()


def build_history(
    worker,
    category,
    *,
    now=None,
    approved=10,
    rejected=0,
    first_pass=None,
    ratings=None,
    answered_in_time=10,
    answered_late=0,
    passed_test=True,
    days_ago=1,
):
    """A track record: ``approved`` approvals (``first_pass`` of them without
    revision), ``rejected`` rejections, review ratings, messages answered."""
    now = now or timezone.now()
    at = now - timedelta(days=days_ago)
    first_pass = approved if first_pass is None else first_pass
    ratings = [5] * approved if ratings is None else ratings
    for n in range(approved):
        WorkRecordFactory(
            worker=worker,
            category=category,
            outcome=WorkRecord.Outcome.APPROVED,
            revisions=0 if n < first_pass else 1,
            rating=ratings[n] if n < len(ratings) else None,
            completed_at=at,
        )
    for _n in range(rejected):
        WorkRecordFactory(
            worker=worker,
            category=category,
            outcome=WorkRecord.Outcome.REJECTED,
            rating=None,
            completed_at=at,
        )
    for n in range(answered_in_time + answered_late):
        delay = timedelta(hours=2) if n < answered_in_time else timedelta(hours=30)
        ResponseRecord.objects.create(
            worker=worker,
            asked_at=at - timedelta(days=2),
            answered_at=at - timedelta(days=2) + delay,
        )
    if passed_test:
        skill = category.skills.first()
        WorkerSkill.objects.update_or_create(
            profile=worker.worker_profile,
            skill=skill,
            defaults={"self_level": 4, "verified": True, "verified_at": at},
        )


def overdue_incident(worker, *, at):
    return IncidentFactory(worker=worker, kind="overdue", occurred_at=at)
