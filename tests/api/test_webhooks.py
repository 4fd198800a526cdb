"""Signed webhooks: a receiver on 127.0.0.1 verifies the signature and gets
the event once, after failing twice; only http(s); replay from the page."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import Client as HttpClient

from api import webhooks
from api.models import WebhookDelivery

from ..engagements import factories as f
from .conftest import draft_for


class Receiver:
    """A local endpoint that answers 500 to the first ``failures`` POSTs."""

    def __init__(self, failures: int):
        self.failures, self.calls, self.received = failures, 0, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls += 1
                ok = receiver.calls > receiver.failures
                if ok:
                    receiver.received.append((dict(self.headers), body))
                self.send_response(200 if ok else 500)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _eager_retries():
    """Eager Celery re-runs a retried task at once (no countdown) unless it
    propagates the Retry as an error, which the project's settings do."""
    from api.tasks import deliver_webhook

    conf = deliver_webhook.app.conf
    before = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = before


@pytest.fixture
def receiver():
    r = Receiver(failures=2)
    yield r
    r.close()


def test_signed_event_arrives_once_after_two_failures(
    world, receiver, django_capture_on_commit_callbacks, settings
):
    settings.API_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on loopback
    endpoint, secret = webhooks.endpoint_create(
        client=world.client_a, by=world.contact_a, url=receiver.url,
        events_=["quote.sent"],
    )  # fmt: skip
    other, _secret = webhooks.endpoint_create(
        client=world.client_b, by=world.contact_b, url=receiver.url,
        events_=["quote.sent"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        quote = f.sent_quote(
            draft_for(world, world.client_a, "エー社の記事"), world.sales
        )
    assert receiver.calls == 3
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert webhooks.verify(secret, headers["Motouke-Signature"], body)
    assert not webhooks.verify("whsec_wrong", headers["Motouke-Signature"], body)
    event = json.loads(body)
    assert event["type"] == "quote.sent"
    assert event["data"]["id"] == quote.pk
    assert event["data"]["total"] == quote.total
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.state, delivery.attempts, delivery.response_status) == (
        "delivered",
        3,
        200,
    )
    assert not WebhookDelivery.objects.filter(endpoint=other).exists()


def test_a_rolled_back_change_sends_nothing(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.API_WEBHOOK_ALLOW_PRIVATE = True
    webhooks.endpoint_create(
        client=None, by=world.finance, url=receiver.url, events_=["quote.sent"]
    )
    draft = draft_for(world, world.client_a)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        f.sent_quote(draft, world.sales)
        raise RuntimeError("rolled back")
    assert receiver.calls == 0
    assert not WebhookDelivery.objects.exists()


def test_only_http_urls_and_private_addresses_refused_in_production(world, settings):
    with pytest.raises(ValueError):
        webhooks.endpoint_create(
            client=None, by=world.finance, url="file:///etc/passwd",
            events_=["quote.sent"],
        )  # fmt: skip
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    assert webhooks.url_refusal("http://127.0.0.1:9/") == "private address"
    assert webhooks.url_refusal("gopher://example.com/") == "only http(s) URLs"


def test_replay_from_the_endpoint_page(
    world, receiver, django_capture_on_commit_callbacks, settings
):
    settings.API_WEBHOOK_ALLOW_PRIVATE = True
    receiver.failures = 0
    endpoint, _secret = webhooks.endpoint_create(
        client=world.client_a, by=world.contact_a, url=receiver.url,
        events_=["quote.sent"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        f.sent_quote(draft_for(world, world.client_a), world.sales)
    first = WebhookDelivery.objects.get()
    browser = HttpClient()
    browser.force_login(world.contact_a)
    page = browser.get(f"/api/webhooks/{endpoint.pk}/")
    assert "quote.sent" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = browser.post(f"/api/webhooks/deliveries/{first.pk}/replay/")
    assert answer.status_code == 302
    assert receiver.calls == 2
    assert {json.loads(b)["id"] for _h, b in receiver.received} == {str(first.event_id)}
    outsider = HttpClient()
    outsider.force_login(world.contact_b)
    assert (
        outsider.post(f"/api/webhooks/deliveries/{first.pk}/replay/").status_code == 404
    )
