import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse


class SupportError(ValidationError):
    """A desk rule refused the action; the message is shown to the person."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise SupportError(message)


def lock(model, pk):
    """Re-read a row under a lock; waits while someone else holds it."""
    return model.objects.select_for_update().get(pk=pk)


def ticket_url(ticket) -> str:
    """The ticket's full address, for mail."""
    path = reverse("support:ticket", args=[ticket.pk])
    return settings.SITE_URL.rstrip("/") + path


def file_digest(upload) -> str:
    """The SHA-256 of an uploaded file, read in chunks."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
