"""The per-account login lockout (imported by enterprise.models)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginLockout(models.Model):
    """Failed logins of one account in the current window, and its lock.

    ``failures`` counts wrong passwords since ``window_started_at``; reaching
    LOGIN_LOCKOUT_FAILURES sets ``locked_until``. Kept in the database so
    every gunicorn worker sees the same count and a superuser can lift it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="login_lockout",
    )
    failures = models.PositiveIntegerField(_("failed logins"), default=0)
    window_started_at = models.DateTimeField(_("first failure"), null=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True)
    last_failure_ip = models.GenericIPAddressField(_("last IP address"), null=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, db_index=True)

    class Meta:
        verbose_name = _("login lockout")
        verbose_name_plural = _("login lockouts")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
