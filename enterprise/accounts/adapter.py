"""How allauth behaves here: who may sign up, who must verify their
e-mail, the lockout at login, and mail rendered in Japanese."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import has_verified_email
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import lockout


def _target_user(credentials: dict):
    """The one account the login names (by username, then e-mail), or None."""
    User = get_user_model()
    name = credentials.get("username")
    if name:
        found = list(User.objects.filter(username__iexact=name)[:2])
        if len(found) == 1:
            return found[0]
    email = credentials.get("email")
    if email:
        ids = set(
            EmailAddress.objects.filter(email__iexact=email).values_list(
                "user_id", flat=True
            )
        )
        ids |= set(
            User.objects.filter(email__iexact=email).values_list("pk", flat=True)
        )
        if len(ids) == 1:
            return User.objects.get(pk=ids.pop())
    return None


def locked_message(until) -> str:
    when = formats.date_format(timezone.localtime(until), "H:i")
    return _(
        "This account is locked for a while after too many failed logins. "
        "Try again after %(time)s, or reset your password. The account's "
        "owner has been sent an e-mail."
    ) % {"time": when}


class _Site:
    """What allauth's mails call the site: the product, at SITE_URL."""

    name = "Motouke"

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (in the person's language), send from Celery after
        commit: a slow or failing mail server neither fails the page nor
        makes a known address answer slower than an unknown one."""
        from enterprise.tasks import send_mail_task

        ctx = {"request": context.get("request"), "email": email}
        ctx.update(context)
        ctx["current_site"] = _Site()
        message = self.render_mail(template_prefix, email, ctx)
        send_mail_task.delay_on_commit(message.to, message.subject, message.body)

    def is_open_for_signup(self, request) -> bool:
        """The environment's master switch, then the operator's choice of
        open registration or invitation only (SignupPolicy, in the admin)."""
        from .models import SignupPolicy

        return settings.REGISTRATION_OPEN and SignupPolicy.get().is_open

    def save_user(self, request, user, form, commit=True):
        """A signed-up person gets no role, and must verify their e-mail."""
        user.self_registered = True
        return super().save_user(request, user, form, commit=commit)

    def pre_login(self, request, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is not None:
            return response
        if user.self_registered and not has_verified_email(user):
            from allauth.account.internal.flows.email_verification import (
                send_verification_email_to_address,
            )
            from allauth.account.internal.stagekit import clear_login

            address = EmailAddress.objects.filter(user=user).order_by("-primary")
            if address.exists():
                send_verification_email_to_address(
                    request, address.first(), signup=kwargs.get("signup", False)
                )
            clear_login(request)
            return self.respond_email_verification_sent(request, user)
        return None

    def post_login(self, request, user, **kwargs):
        """A login that just checked the password counts as a fresh
        reauthentication (for REAUTHENTICATION_TIMEOUT): staff sent to enrol
        a second factor right after logging in are not asked again."""
        from allauth.account.internal.flows.login import (
            get_authentication_records,
            record_authentication,
        )

        records = get_authentication_records(request, user)
        if records and records[-1].get("method") in ("password", "mfa"):
            record_authentication(
                request, user, method="password", reauthenticated=True
            )
        return super().post_login(request, user, **kwargs)

    def authenticate(self, request, **credentials):
        """Refuse a locked account even with the right password; count the
        wrong ones per account (enterprise.accounts.lockout)."""
        target = _target_user(credentials)
        if target is not None:
            until = lockout.locked_until(target)
            if until is not None:
                raise forms.ValidationError(locked_message(until))
        user = super().authenticate(request, **credentials)
        if user is None and target is not None:
            row = lockout.login_failure_record(
                user=target, ip=self.get_client_ip(request)
            )
            if row.is_locked:
                raise forms.ValidationError(locked_message(row.locked_until))
        elif user is not None:
            lockout.login_success_record(user=user)
        return user
