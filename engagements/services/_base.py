from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _


class EngagementError(ValidationError):
    """A business rule refused the action; the message is shown to the person."""


def lock(model, pk):
    """Re-read a row under a lock; waits while someone else holds it."""
    return model.objects.select_for_update().get(pk=pk)


def setting(name: str):
    return settings.ENGAGEMENTS[name]


def site_url(name: str, *args) -> str:
    """The full address of a page, for a mail."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise EngagementError(message)


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    require(bool(reason), _("Please give a reason."))
    return reason
