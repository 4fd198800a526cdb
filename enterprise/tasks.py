from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task
def ping(token: str) -> dict:
    """Health check: answers from whichever process ran it, with Django loaded."""
    return {
        "token": token,
        "time_zone": settings.TIME_ZONE,
        "at": timezone.now().isoformat(),
    }


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True
)
def send_mail_task(recipients: list[str], subject: str, body: str) -> int:
    """Send one plain-text notification; retried on connection errors only."""
    from django.core.mail import send_mail

    return send_mail(subject, body, None, recipients)


@shared_task(ignore_result=True, soft_time_limit=120, time_limit=150)
def send_outbox() -> dict:
    """Beat, every 30 s: publish the outbox rows the broker could not take at
    commit time (oldest first, one batch); purge rows sent long ago and form
    tokens used long ago."""
    from .once import purge_used_tokens
    from .outbox import sweep

    result = sweep()
    purge_used_tokens()
    return {"sent": result.sent, "pending": result.pending, "purged": result.purged}


@shared_task(ignore_result=True, soft_time_limit=120, time_limit=150)
def send_outbox_rows(pks: list[str]) -> int:
    """Publish these outbox rows (the tasks a run's chunk queued, handed on
    by ``outbox.held_sends(relay=True)`` so the chunk does not wait on
    hundreds of publishes); rows sent already are skipped, rows left pending
    go to the sweep. How many were sent."""
    from .outbox import Sent, send_messages

    return send_messages(pks).count(Sent.SENT)
