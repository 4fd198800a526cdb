"""What every API view does around the call: the language, the
``Idempotency-Key`` of a POST, and the audit row of the call."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import translation
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from enterprise.audit import log_action

from .models import ApiKey, IdempotencyRecord
from .problems import PROBLEM_CONTENT_TYPE, Conflict, Unprocessable
from .problems import exception_handler as problem_handler

IDEMPOTENCY_HEADER = "Idempotency-Key"


def api_language(request) -> str:
    """Japanese unless the caller asks for English first."""
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "").strip().lower()
    return "en" if accept.startswith("en") else "ja"


class _Replay(Exception):
    def __init__(self, record: IdempotencyRecord):
        self.record = record


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() + b" " + request.path.encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _idempotency_begin(request) -> None:
    """Claim the key for this user, or replay (or refuse) a repeat.

    The claim is a committed row written before the work, so two requests
    racing with the same key cannot both create: the loser sees the claim.
    """
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()[:255]
    if request.method != "POST" or not key:
        return
    fingerprint = _request_hash(request)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                method=request.method,
                path=request.path[:500],
                request_hash=fingerprint,
                status=0,
            )
    except IntegrityError:
        record = IdempotencyRecord.objects.get(user=request.user, key=key)
        if record.request_hash != fingerprint:
            raise Unprocessable(
                translation.gettext(
                    "This Idempotency-Key was used with a different request."
                )
            ) from None
        if record.status == 0:
            raise Conflict(
                translation.gettext("A request with this Idempotency-Key is running.")
            ) from None
        raise _Replay(record) from None
    request._idempotency_record = record


def _idempotency_end(request, response) -> None:
    record = getattr(request, "_idempotency_record", None)
    if record is None:
        return
    request._idempotency_record = None
    if response.status_code >= 500 or not isinstance(response, Response):
        record.delete()  # a failure may be retried with the same key
        return
    record.status = response.status_code
    record.body = json.loads(json.dumps(response.data, default=str))
    record.save(update_fields=["status", "body"])


class ApiViewMixin:
    """Language, idempotency and audit for every API view."""

    def get_exception_handler(self):
        return problem_handler

    def dispatch(self, request, *args, **kwargs):
        with translation.override(api_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _idempotency_begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            record = exc.record
            response = Response(
                record.body,
                status=record.status,
                content_type=PROBLEM_CONTENT_TYPE if record.status >= 400 else None,
            )
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        _idempotency_end(request, response)
        response["Content-Language"] = translation.get_language()
        key = getattr(request, "auth", None)
        if isinstance(key, ApiKey):
            log_action(
                target=key,
                action="api.call",
                by=key.user,
                data={
                    "key": key.name,
                    "method": request.method,
                    "path": request.get_full_path()[:300],
                    "status": response.status_code,
                },
            )
        return response


class ApiView(ApiViewMixin, APIView):
    pass


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """``scoped_queryset()`` gives the rows the caller may see; the schema
    generator (no caller) gets an empty queryset of ``schema_model``."""

    schema_model = None
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.schema_model.objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError


class GenericViewSet(ApiViewMixin, viewsets.GenericViewSet):
    pass
