"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API answers carries ``type``, ``title``, ``status``,
``detail`` and ``instance``; a validation error adds ``errors`` (field ->
messages). Titles and details are Japanese unless the caller sent
``Accept-Language: en``.
"""

import functools
import gettext as gettext_module
from pathlib import Path

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://motouke.example.jp/problems/"

TITLES = {
    400: ("invalid-request", _("The request is not valid.")),
    401: ("unauthenticated", _("Authentication is required.")),
    403: ("forbidden", _("You may not do this.")),
    404: ("not-found", _("Not found.")),
    405: ("method-not-allowed", _("This method is not allowed here.")),
    406: ("not-acceptable", _("The requested format cannot be produced.")),
    409: ("conflict", _("This cannot be done in the current state.")),
    415: ("unsupported-media-type", _("The request body format is not supported.")),
    422: ("unprocessable", _("The request cannot be processed.")),
    429: ("rate-limited", _("Too many requests.")),
}


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be processed.")
    default_code = "unprocessable"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the current state.")
    default_code = "conflict"


@functools.cache
def _drf_catalogue(language: str) -> gettext_module.NullTranslations:
    import rest_framework

    localedir = Path(rest_framework.__file__).parent / "locale"
    return gettext_module.translation(
        "django", localedir=localedir, languages=[language], fallback=True
    )


def _t(text) -> str:
    """DRF's own message in the caller's language (DRF is not an installed
    app, so Django's catalogues do not carry its messages)."""
    text = str(text)
    language = translation.get_language() or "ja"
    if language.startswith("en"):
        return text
    return _drf_catalogue(language).gettext(text)


def _messages(error: DjangoValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _as_api_exception(exc):
    """Django's refusals from the services, as DRF exceptions."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        # A service refused: the object is not in a state that allows it.
        return Conflict(_messages(exc))
    return exc


def problem(status_code: int, detail, request, errors=None, headers=None):
    slug, title = TITLES.get(status_code, ("error", _("The request failed.")))
    body = {
        "type": TYPE_BASE + slug,
        "title": str(title),
        "status": status_code,
        "detail": str(detail or title),
        "instance": request.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    return Response(
        body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    headers = {k: v for k, v in response.items() if k in ("Retry-After", "Allow")}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = response.get("WWW-Authenticate", "Bearer")
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            response.status_code,
            _("Some fields are not valid."),
            request,
            errors=_field_errors(exc.detail),
            headers=headers,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
    if isinstance(detail, list | dict):
        detail = " ".join(str(v) for v in _flatten(detail))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        detail = _("Try again in %(seconds)d seconds.") % {"seconds": exc.wait}
    detail = _t(detail)
    return problem(response.status_code, detail, request, headers=headers)


def _flatten(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            yield from _flatten(value)
    elif isinstance(detail, list):
        for value in detail:
            yield from _flatten(value)
    else:
        yield detail


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {str(k): [_t(m) for m in _flatten(v)] for k, v in detail.items()}
    return {"non_field_errors": [_t(m) for m in _flatten(detail)]}
