"""The set-password mail of an account the operator made (a client's
contact, an imported worker): Django's password-reset token as the link,
valid for PASSWORD_RESET_TIMEOUT and dead once a password is set."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send_set_password_mail(*, user, template: str, context: dict) -> bool:
    """Mail ``user`` the ``template`` (first line the subject) with ``url``
    and ``days`` added to ``context``. Nothing (False) for an account that
    already has a password or was closed. Called from a Celery task."""
    if user.has_usable_password() or not user.is_active:
        return False
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        **context,
        "url": settings.SITE_URL.rstrip("/") + path,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override("ja"):
        text = render_to_string(template, context).strip()
    subject, _sep, body = text.partition("\n")
    send_mail(subject.strip(), body.strip(), None, [user.email])
    return True
