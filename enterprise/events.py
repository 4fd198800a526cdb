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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


_BATCH: ContextVar[dict | None] = ContextVar("events_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """A block that publishes many events (a run's chunk, issue 15): within
    it, ``batch_cache()`` is a dict a handler may keep its reads in (the
    subscribers it looks up), read once for the block instead of per event.
    Use it only around work that does not change those subscribers."""
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def batch_cache() -> dict | None:
    """The current ``batch()``'s dict, or None outside one."""
    return _BATCH.get()
