"""One-time tokens on forms that create a document or move money.

The form carries a hidden token made when it is rendered (``{% once_token %}``
from the ``once`` tag library). ``once_per_token`` wraps the view's POST in
one transaction that first inserts the token (unique), then does the work, so
the token row and the work commit together: a second post of the same token
(double click, back button, retry after an error) finds the row and is sent
to the first result, and two concurrent posts on PostgreSQL create one
document (the second insert waits on the unique index, then fails). A post
the view refused (an error status, or an error message queued) releases the
token so the corrected form can be sent again.
"""

from __future__ import annotations

import datetime
import re
import secrets
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import IdempotencyKey

FIELD = "once_token"
# A form older than this may be sent again: its token is forgotten.
KEEP_DAYS = 30
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def purge_used_tokens(*, days: int = KEEP_DAYS) -> int:
    """Forget tokens used more than ``days`` ago (the beat sweep calls this)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class _AlreadyUsed(Exception):
    def __init__(self, key: IdempotencyKey | None):
        self.key = key


def once_per_token(view):
    """Run a POST once per form token (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        token = request.POST.get(FIELD, "")
        if not _TOKEN.fullmatch(token):
            return _refuse(request)
        try:
            with transaction.atomic():
                return _run_once(view, request, token, args, kwargs)
        except _AlreadyUsed as used:
            return _first_result(request, used.key)

    return wrapper


def _run_once(view, request, token, args, kwargs):
    try:
        with transaction.atomic():
            key = IdempotencyKey.objects.create(
                token=token, user=request.user, path=request.path[:300]
            )
    except IntegrityError:
        raise _AlreadyUsed(IdempotencyKey.objects.filter(token=token).first()) from None
    response = view(request, *args, **kwargs)
    if _refused(request, response):
        key.delete()
    else:
        key.result_url = response.get("Location", "")[:500]
        key.save(update_fields=["result_url"])
    return response


def _refused(request, response) -> bool:
    if response.status_code >= 400:
        return True
    # Views here answer a refused action with an error message and a
    # redirect; the storage keeps this request's messages in a list.
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


def _back(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


def _first_result(request, key: IdempotencyKey | None):
    if key is None or key.user_id != request.user.pk:
        return _refuse(request)
    messages.info(
        request, _("This form was already sent. Here is the result of the first send.")
    )
    return redirect(key.result_url or _back(request))


def _refuse(request):
    return render(
        request, "enterprise/form_refused.html", {"back": _back(request)}, status=400
    )
