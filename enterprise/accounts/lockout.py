"""Per-account login lockout: too many wrong passwords lock the account for
a cooling period, whatever the password tried next; a superuser can lift it.

allauth's rate limits (per IP, in the cache) come on top of this.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from enterprise.audit import log_action
from enterprise.notify import notify

from .models import LoginLockout


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_WINDOW_MINUTES)


def _cooling() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def locked_until(user) -> datetime.datetime | None:
    """When the account's lock ends, or None when it is not locked."""
    row = LoginLockout.objects.filter(user=user).first()
    return row.locked_until if row is not None and row.is_locked else None


def login_failure_record(*, user, ip: str | None) -> LoginLockout:
    """Count one wrong password for ``user``; lock the account at the limit.

    Side effects: at the limit sets ``locked_until``, writes the audit row
    ``accounts.user.locked`` and mails the owner (after commit). A failure
    after the window has passed starts a new window.
    """
    now = timezone.now()
    with transaction.atomic():
        LoginLockout.objects.get_or_create(user=user)
        row = LoginLockout.objects.select_for_update().get(user=user)
        if row.window_started_at is None or now - row.window_started_at > _window():
            row.failures, row.window_started_at = 0, now
        if row.locked_until is not None and row.locked_until <= now:
            row.locked_until = None
        row.failures += 1
        row.last_failure_at, row.last_failure_ip = now, ip
        newly_locked = (
            row.failures >= settings.LOGIN_LOCKOUT_FAILURES and not row.is_locked
        )
        if newly_locked:
            row.locked_until = now + _cooling()
        row.save()
        if newly_locked:
            _on_locked(row, ip)
    return row


def _on_locked(row: LoginLockout, ip: str | None) -> None:
    log_action(
        target=row.user,
        action="accounts.user.locked",
        to_state="locked",
        reason=f"{row.failures} failed logins",
        data={"ip": ip or "", "until": row.locked_until.isoformat()},
    )
    notify(
        [row.user],
        "account/email/lockout",
        {
            "user": row.user,
            "failures": row.failures,
            "minutes": settings.LOGIN_LOCKOUT_MINUTES,
            "until": timezone.localtime(row.locked_until),
            "ip": ip or "",
            "reset_url": settings.SITE_URL.rstrip("/") + "/accounts/password/reset/",
        },
    )


def login_success_record(*, user) -> None:
    """A right password on an unlocked account starts the count again."""
    LoginLockout.objects.filter(user=user, locked_until__isnull=True).update(
        failures=0, window_started_at=None
    )


def lockout_lift(*, user, by, reason: str = "") -> bool:
    """Unlock ``user`` now (a superuser only). Returns False when it was not
    locked. Writes the audit row ``accounts.user.unlocked``.

    Raises PermissionDenied for anyone but a superuser.
    """
    if not (by.is_authenticated and by.is_superuser):
        raise PermissionDenied
    with transaction.atomic():
        row = LoginLockout.objects.select_for_update().filter(user=user).first()
        if row is None or not row.is_locked:
            return False
        until = row.locked_until
        row.failures, row.window_started_at, row.locked_until = 0, None, None
        row.save(update_fields=["failures", "window_started_at", "locked_until"])
        log_action(
            target=user,
            action="accounts.user.unlocked",
            by=by,
            from_state="locked",
            to_state="active",
            reason=reason,
            data={"was_locked_until": until.isoformat()},
        )
    return True
