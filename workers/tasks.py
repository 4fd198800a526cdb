"""Certification recompute tasks. They take ids and are safe to run twice."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from enterprise.models import WorkCategory

from . import services
from .models import Certification, WorkerProfile


def _as_of(value):
    return parse_datetime(value) if value else timezone.now()


@shared_task(soft_time_limit=60, time_limit=90)
def recompute_certification(worker_id: int, category_id: int, as_of=None) -> None:
    """One worker in one category (queued after each work record)."""
    worker = get_user_model().objects.filter(pk=worker_id).first()
    category = WorkCategory.objects.filter(pk=category_id).first()
    if worker is None or category is None:
        return
    services.certification_recompute(
        worker=worker, category=category, as_of=_as_of(as_of)
    )


@shared_task(soft_time_limit=120, time_limit=180)
def recompute_worker_certifications(worker_id: int, as_of=None) -> None:
    """Every category of one worker (after a response record or an incident)."""
    worker = get_user_model().objects.filter(pk=worker_id).first()
    if worker is not None:
        services.certification_recompute_worker(worker=worker, as_of=_as_of(as_of))


@shared_task
def recompute_all_certifications() -> int:
    """Nightly: windows slide and probations end even when nothing is reported.

    Fans out one task per worker who has a profile or holds a level, all
    measured at the same instant. Returns how many were queued.
    """
    as_of = timezone.now().isoformat()
    worker_ids = set(WorkerProfile.objects.values_list("user_id", flat=True))
    worker_ids |= set(
        Certification.objects.filter(
            ~Q(status=Certification.Status.REVOKED)
        ).values_list("worker_id", flat=True)
    )
    for worker_id in sorted(worker_ids):
        recompute_worker_certifications.delay(worker_id, as_of)
    return len(worker_ids)
