"""Signed webhooks: business events POSTed to the endpoints that asked.

The services publish events through ``enterprise.events`` inside their
transaction; ``emit`` writes one delivery row per matching active endpoint
and queues its sending after commit, so a rolled-back change sends nothing.
Each POST carries ``Motouke-Signature: t=<unix time>,v1=<hex>``, the
HMAC-SHA256 with the endpoint's secret of ``"<t>.<body>"``: the receiver
recomputes it and refuses old timestamps (replays).
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from enterprise import events
from enterprise.audit import log_action

from .models import WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "Motouke-Signature"
ALLOWED_SCHEMES = ("http", "https")
TIMEOUT_SECONDS = 5


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does: the same HMAC, and a recent timestamp."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body)
    return hmac.compare_digest(expected, header)


def _client_of(obj):
    for path in ("client", "engagement.client", "invoice.client"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if target is not None:
            return target
    return None


def _data(event: str, obj) -> dict:
    """The event's object as the client's API shows it (no internal figures)."""
    from . import payloads

    return payloads.plain(payloads.PAYLOADS[event](obj))


def _active_endpoints(client) -> list[WebhookEndpoint]:
    """The operator's active endpoints and ``client``'s. Within an
    ``events.batch()`` (a run's chunk) every active endpoint is read once and
    kept, in the same order."""
    cache = events.batch_cache()
    if cache is None:
        scope = Q(client__isnull=True)
        if client is not None:
            scope |= Q(client=client)
        return list(WebhookEndpoint.objects.filter(scope, active=True))
    if "webhook_endpoints" not in cache:
        cache["webhook_endpoints"] = list(WebhookEndpoint.objects.filter(active=True))
    client_id = client.pk if client is not None else None
    return [
        e
        for e in cache["webhook_endpoints"]
        if e.client_id is None or e.client_id == client_id
    ]


def emit(event: str, obj) -> list[WebhookDelivery]:
    """Queue ``event`` about ``obj`` to every active endpoint that wants it:
    the company's own endpoints and the operator's (no company)."""
    client = _client_of(obj)
    endpoints = [e for e in _active_endpoints(client) if event in e.events]
    if not endpoints:
        return []
    payload = {
        "id": str(uuid.uuid4()),
        "type": event,
        "created_at": timezone.localtime().isoformat(),
        "data": _data(event, obj),
    }
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=e, event=event, event_id=payload["id"], payload=payload
        )
        for e in endpoints
    ]
    from .tasks import deliver_webhook

    for delivery in deliveries:
        deliver_webhook.delay_on_commit(delivery.pk)
    return deliveries


def connect() -> None:
    for event in events.EVENTS:
        events.subscribe(event, emit)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer, never followed


def url_refusal(url: str) -> str:
    """Why ``url`` may not be sent to, or "" when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        return "only http(s) URLs"
    if getattr(settings, "API_WEBHOOK_ALLOW_PRIVATE", False):
        return ""
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except OSError:
        return "host not found"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return "private address"
    return ""


def post(endpoint: WebhookEndpoint, payload: dict) -> tuple[int | None, str]:
    """POST the signed payload once; (status, error) with a short timeout."""
    refusal = url_refusal(endpoint.url)
    if refusal:
        return None, refusal
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    request = urllib.request.Request(endpoint.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", "Motouke-Webhooks/1")
    request.add_header("Motouke-Event", payload["type"])
    request.add_header("Motouke-Delivery", payload["id"])
    request.add_header(SIGNATURE_HEADER, sign(endpoint.secret, int(time.time()), body))
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


@transaction.atomic
def endpoint_create(*, client, by, url: str, events_: list[str]) -> tuple:
    """Register an endpoint; returns it and its secret (shown once).
    Raises ValueError for a non-http(s) URL or an unknown event."""
    if urlsplit(url).scheme not in ALLOWED_SCHEMES:
        raise ValueError("only http(s) URLs")
    unknown = set(events_) - set(events.EVENTS)
    if unknown or not events_:
        raise ValueError("unknown events")
    endpoint = WebhookEndpoint.objects.create(
        client=client,
        url=url,
        events=sorted(events_),
        secret=new_secret(),
        created_by=by,
    )
    log_action(
        target=endpoint,
        action="api.webhook.created",
        by=by,
        data={"url": url, "events": endpoint.events},
    )
    return endpoint, endpoint.secret


@transaction.atomic
def delivery_replay(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Send a past delivery's event again (same event id, so receivers can
    tell it is the same event), as a new delivery row."""
    again = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
    )
    log_action(
        target=delivery.endpoint,
        action="api.webhook.replayed",
        by=by,
        data={"delivery": delivery.pk, "event": delivery.event},
    )
    from .tasks import deliver_webhook

    deliver_webhook.delay_on_commit(again.pk)
    return again
