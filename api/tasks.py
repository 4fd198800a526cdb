"""Sending webhook deliveries, retried with backoff for about a day."""

from celery import shared_task
from django.utils import timezone

from .models import WebhookDelivery
from .webhooks import post

# Seconds before each retry: exponential, about 24 hours in all.
RETRY_DELAYS = [60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800]


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """One attempt; records the answer. None when there is nothing to send."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
        .first()
    )
    if delivery is None or not delivery.endpoint.active:
        return None
    status, error = post(delivery.endpoint, delivery.payload)
    delivery.attempts += 1
    delivery.response_status = status
    delivery.error = error
    delivery.last_attempt_at = timezone.now()
    fields = ["attempts", "response_status", "error", "last_attempt_at"]
    if status is not None and 200 <= status < 300:
        delivery.state = WebhookDelivery.State.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
        fields += ["state", "delivered_at"]
    elif delivery.attempts > len(RETRY_DELAYS) or error == "only http(s) URLs":
        delivery.state = WebhookDelivery.State.FAILED
        fields.append("state")
    delivery.save(update_fields=fields)
    return delivery


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def deliver_webhook(self, delivery_id: int) -> str:
    """Idempotent: a delivered or failed row is left alone."""
    delivery = attempt(delivery_id)
    if delivery is None:
        return "skipped"
    if delivery.state == WebhookDelivery.State.PENDING:
        countdown = RETRY_DELAYS[min(delivery.attempts - 1, len(RETRY_DELAYS) - 1)]
        raise self.retry(countdown=countdown)
    return delivery.state
