"""Business events that higher apps may listen to, without a back-arrow.

A service in a lower app announces what happened, inside its transaction::

    from enterprise.events import publish

    publish("quote.sent", quote)

and an app above it subscribes from its ``AppConfig.ready()`` (the API sends
webhooks this way)::

    from enterprise.events import subscribe

    subscribe("quote.sent", handler)   # handler(event, obj)

Handlers run synchronously in the publisher's transaction, so whatever they
write (a delivery row, an on-commit task) commits or rolls back with the
change itself. A handler must stay cheap and must not do I/O: it queues work.
"""

from collections import defaultdict
from collections.abc import Callable

# The events the services publish, with the object each one carries.
EVENTS = {
    "quote.sent": "engagements.Quote",
    "delivery.ready": "engagements.Delivery",
    "engagement.accepted": "engagements.Engagement",
    "engagement.cancelled": "engagements.Engagement",
    "invoice.issued": "invoicing.Invoice",
    "payment.received": "invoicing.Payment",
}

_handlers: dict[str, list[Callable]] = defaultdict(list)


def subscribe(event: str, handler: Callable) -> None:
    """Call ``handler(event, obj)`` on every ``publish(event, obj)``; once."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def publish(event: str, obj) -> None:
    """Tell the subscribers of ``event``; call it inside the change's transaction."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    for handler in list(_handlers[event]):
        handler(event, obj)
