"""At every login: stamp the session for its limits, and give an account
made by the operator (staff, workers, invited contacts) its address as a
verified allauth e-mail row, so changing it later keeps the old one until
the new one is confirmed."""

import time

from allauth.account.models import EmailAddress
from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import receiver

from .middleware import SEEN, STAFF, STARTED, is_staff_person


@receiver(user_logged_in, dispatch_uid="enterprise.accounts.session_started")
def stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now
        request.session[STAFF] = is_staff_person(user)


@receiver(user_logged_in, dispatch_uid="enterprise.accounts.known_address")
def record_known_address(sender, request, user, **kwargs):
    if not user.email or user.self_registered:
        return
    email = user.email.lower()
    taken = EmailAddress.objects.filter(
        Q(user=user) | Q(email__iexact=email, verified=True)
    )
    if taken.exists():
        return
    try:
        with transaction.atomic():
            EmailAddress.objects.create(
                user=user, email=email, primary=True, verified=True
            )
    except IntegrityError:
        # Two logins of one person at once (two tabs, a double click): the
        # other made the row first, which is all this wanted.
        pass
