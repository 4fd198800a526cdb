"""What every payout service shares: the error, locking, the finance check."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import rules


class PayoutError(ValidationError):
    """A payout rule refused the action; the message is shown to the person."""


def require(condition: bool, message: str, code: str | None = None) -> None:
    if not condition:
        raise PayoutError(message, code=code)


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    require(bool(reason), _("Please give a reason."), code="reason_required")
    return reason


def require_finance(by) -> None:
    """Only finance staff and superusers pay workers and export."""
    if not rules.is_finance(None, by):
        raise PermissionDenied


def require_finance_or_system(by) -> None:
    """Finance on the screens; ``by=None`` is the operator's own command line."""
    if not rules.is_finance_or_system(None, by):
        raise PermissionDenied


def lock(model, pk):
    """Re-read a row under a lock; waits while someone else holds it."""
    return model.objects.select_for_update().get(pk=pk)


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def fiscal_year_of(day: datetime.date, start_month: int) -> int:
    """The fiscal year ``day`` belongs to, named by the year it starts in."""
    return day.year if day.month >= start_month else day.year - 1


def site_url(name: str, *args) -> str:
    """The full address of a page, for mail and documents."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
