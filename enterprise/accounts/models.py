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


class SignupPolicy(models.Model):
    """The operator's sign-up settings: one row, edited in the admin.

    ``REGISTRATION_OPEN`` (the environment) is the master switch; with it on,
    the operator chooses here whether anyone may sign up as a worker or only
    people staff invite (by CSV import or by hand). The retention periods are
    read by the nightly identity-document and leaver runs (workers.tasks).
    """

    class Registration(models.TextChoices):
        OPEN = "open", _("Open: anyone may sign up as a worker")
        INVITATION = "invitation", _("By invitation only")

    registration = models.CharField(
        _("worker registration"),
        max_length=20,
        choices=Registration.choices,
        default=Registration.OPEN,
    )
    identity_retention_days = models.PositiveIntegerField(
        _("identity documents kept (days)"),
        default=90,
        help_text=_(
            "After a check is decided, the uploaded document is deleted once "
            "this many days have passed; the fact and date of the check stay."
        ),
    )
    leaver_anonymise_days = models.PositiveIntegerField(
        _("leavers anonymised after (days)"),
        default=30,
        help_text=_(
            "A worker who left is anonymised this many days later; documents "
            "and payouts are kept for seven years."
        ),
    )

    class Meta:
        verbose_name = _("sign-up policy")
        verbose_name_plural = _("sign-up policy")

    def __str__(self) -> str:
        return str(_("sign-up policy"))

    @classmethod
    def get(cls) -> "SignupPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    @property
    def is_open(self) -> bool:
        return self.registration == self.Registration.OPEN
