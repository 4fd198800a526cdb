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


@shared_task
def render_agreement_acceptance(acceptance_id: int) -> str:
    """Render and store the PDF of an accepted agreement; returns its SHA-256."""
    from .services.onboarding import agreement_acceptance_store_pdf

    return agreement_acceptance_store_pdf(acceptance_id=acceptance_id)


@shared_task
def purge_identity_documents() -> int:
    """Nightly: delete identity documents past the operator's retention
    period, keeping the check, its decision and its date."""
    from .services.onboarding import identity_documents_purge

    return identity_documents_purge()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_worker_invitation(user_id: int) -> bool:
    """Mail an imported worker their set-password link (skipped once set)."""
    from .services.imports import worker_send_invitation

    return worker_send_invitation(user_id=user_id)


@shared_task
def anonymise_leavers() -> int:
    """Nightly: anonymise workers who left longer ago than the operator's
    period; issued documents and payouts keep their copies (7 years)."""
    from .services.standing import leavers_anonymise

    return leavers_anonymise()
