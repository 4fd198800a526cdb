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
