"""Session limits (idle and absolute) and REQUIRE_MFA for staff."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

STARTED = "motouke_session_started"
STAFF = "motouke_session_staff"
SEEN = "motouke_session_seen"
# Activity is written back at most this often (seconds), not on every request.
SEEN_RESOLUTION = 30
STAFF_GROUPS = {"sales", "director", "finance", "compliance", "support"}
# Paths a person who must enrol a second factor may still open.
MFA_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/")


def is_staff_person(user) -> bool:
    """Operator staff: the stricter idle limit and, with REQUIRE_MFA, a
    second factor. Workers and client contacts are not staff."""
    if user.is_superuser or user.is_staff:
        return True
    names = getattr(user, "_staff_group_names", None)
    if names is None:
        names = user._staff_group_names = set(
            user.groups.filter(name__in=STAFF_GROUPS).values_list("name", flat=True)
        )
    return bool(names)


def _is_staff_session(request) -> bool:
    """is_staff_person, worked out once per session (no query per page)."""
    staff = request.session.get(STAFF)
    if staff is None:
        staff = request.session[STAFF] = is_staff_person(request.user)
    return staff


def _expired(request, now: int) -> bool:
    session = request.session
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        session[STARTED] = session.get(STARTED, now)
        session[SEEN] = now
        return False
    idle = (
        settings.SESSION_IDLE_STAFF_MINUTES
        if _is_staff_session(request)
        else settings.SESSION_IDLE_MINUTES
    )
    if now - seen > idle * 60:
        return True
    return now - started > settings.SESSION_ABSOLUTE_HOURS * 3600


class SessionLimitsMiddleware:
    """Log out a session idle too long (staff 30 min, others 2 h) or older
    than SESSION_ABSOLUTE_HOURS, whatever it is doing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if _expired(request, now):
                logout(request)
                messages.info(
                    request,
                    _("Your session has ended. Please log in again."),
                )
                return redirect(f"{reverse('login')}?next={request.path}")
            if now - request.session.get(SEEN, now) >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user,
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
    ).exists()


class RequireMFAMiddleware:
    """With REQUIRE_MFA on, staff without a second factor are sent to enrol
    one before any page but the account pages, static files and i18n."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(MFA_OPEN_PREFIXES)
            and _is_staff_session(request)
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts need a second factor. Set up an "
                    "authenticator app or a security key to continue."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)
