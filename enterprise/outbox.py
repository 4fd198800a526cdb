"""The transactional outbox behind ``task.delay_on_commit``.

``enqueue`` writes the task as an ``OutboxMessage`` row in the caller's
transaction; after commit ``send_message`` publishes it. A sender locks the
row (pending rows only, skipping rows another sender holds), publishes with
the row's id as the Celery task id, and marks it sent only once the broker
took it. Any error while publishing leaves the row pending, logs a warning
and tells the person whose request queued it ("受け付けました（処理待ち）");
it never reaches the request. The ``send_outbox`` beat task and management
command send what is still pending, oldest first.

In eager mode (embedded, tests) the task runs in-process after commit
instead, and its exceptions propagate as Celery's eager mode makes them.
"""

from __future__ import annotations

import contextvars
import datetime
import enum
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from .celery import app
from .models import OutboxMessage

logger = logging.getLogger(__name__)

# The request being answered, so a failed publish can tell its person
# (set by ``enterprise.middleware.CurrentRequestMiddleware``).
current_request: contextvars.ContextVar = contextvars.ContextVar(
    "outbox_current_request", default=None
)


class Sent(enum.Enum):
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, or another sender holds the row
    FAILED = "failed"  # left pending
    BROKER_DOWN = "broker_down"  # left pending; the rest would fail too


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    pending: int = 0
    purged: int = 0


# Rows kept in memory by ``collected()``, and pks to send held by ``held_sends()``.
_collected: contextvars.ContextVar = contextvars.ContextVar(
    "outbox_collected", default=None
)
_held: contextvars.ContextVar = contextvars.ContextVar("outbox_held", default=None)


def enqueue(task_name: str, args, kwargs) -> OutboxMessage:
    """Write the task in the current transaction; send it once that commits
    (at once when there is no transaction). Arguments must be plain JSON.
    Inside ``collected()`` the row is written at the end of that block."""
    message = OutboxMessage(task_name=task_name, args=list(args), kwargs=dict(kwargs))
    rows = _collected.get()
    if rows is not None:
        rows.append(message)
        return message
    message.save(force_insert=True)
    transaction.on_commit(functools.partial(_committed, [message.pk]))
    return message


@contextmanager
def collected() -> Iterator[list[OutboxMessage]]:
    """Within the block, the tasks queued (``delay_on_commit``) are written
    in one INSERT when the block ends, and sent together after commit: a
    payout chunk queues hundreds. Use it inside the transaction of the
    change; a block left by an exception writes nothing (the transaction
    is rolled back anyway). The block gets the rows, not yet written: it
    may still change their arguments (a payout chunk puts the statement
    numbers into mails it rendered before taking the numbers)."""
    rows: list[OutboxMessage] = []
    token = _collected.set(rows)
    try:
        yield rows
    finally:
        _collected.reset(token)
    if rows:
        OutboxMessage.objects.bulk_create(rows, batch_size=500)
        transaction.on_commit(
            functools.partial(_committed, [message.pk for message in rows])
        )


@contextmanager
def held_sends(*, relay: bool = False) -> Iterator[None]:
    """Within the block, what commits is not sent one message at a time:
    everything committed in it is sent at its end, on one broker connection
    (a run's chunk commits many items). With ``relay`` (not in eager mode)
    the block publishes one ``send_outbox_rows`` task instead, which sends
    them from whichever worker takes it: a run's chunk does not wait on its
    PDFs' and mails' publishes. Rows stay pending until sent, so a process
    killed inside the block, or a relay that cannot be published, leaves
    them to the sweep."""
    outer = _held.get()
    if outer is not None:  # nested: the outer block sends
        yield
        return
    held: list = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        if held and relay and not _eager():
            _relay(held)
        elif held:
            send_messages(held, propagate=True)


def _relay(pks: list) -> None:
    from .tasks import send_outbox_rows

    try:
        with _connection() as connection:
            send_outbox_rows.apply_async(
                ([str(pk) for pk in pks],), retry=False, connection=connection
            )
    except Exception as error:  # the sweep sends them
        logger.warning("outbox: relay of %s rows not published: %r", len(pks), error)


def _committed(pks: list) -> None:
    held = _held.get()
    if held is not None:
        held.extend(pks)
    elif len(pks) == 1:
        send_message(pks[0], propagate=True)
    else:
        send_messages(pks, propagate=True)


def _eager() -> bool:
    return bool(app.conf.task_always_eager)


def publish_timeout() -> float:
    return float(getattr(settings, "OUTBOX_PUBLISH_TIMEOUT", 1.0))


def _connection():
    """A producer connection that gives up fast: one attempt, a short
    connect and socket timeout, so a dead broker costs the request well
    under a second or two instead of Celery's retries (about six)."""
    timeout = publish_timeout()
    options: dict = {"max_retries": 0}
    if app.conf.broker_url.startswith(("redis", "rediss", "sentinel")):
        options |= {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def _publish(message: OutboxMessage, connection) -> None:
    task = app.tasks[message.task_name]
    task.apply_async(
        message.args,
        message.kwargs,
        task_id=str(message.pk),
        retry=False,
        connection=connection,
    )


def send_message(pk, *, propagate: bool = False, connection=None) -> Sent:
    """Send one pending row. In eager mode run its task here instead."""
    if _eager():
        return _run_eager(pk, propagate=propagate)
    if _broker_failed_in_this_request():
        return Sent.BROKER_DOWN  # no second wait on a dead broker; the sweep sends it
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if message is None:
                return Sent.SKIPPED
            if connection is None:
                with _connection() as own:
                    _publish(message, own)
            else:
                _publish(message, connection)
            OutboxMessage.objects.filter(pk=pk).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
    except Exception as error:  # nothing may reach the request
        logger.warning("outbox: %s left pending: %r", pk, error)
        _record_failure(pk, error, count=True)
        tell_pending()
        if isinstance(error, BrokerError | OSError):
            _mark_broker_failed()
            return Sent.BROKER_DOWN
        return Sent.FAILED
    return Sent.SENT


def send_messages(pks: list, *, propagate: bool = False) -> list[Sent]:
    """Send several pending rows on one connection, marked sent in one
    UPDATE (in eager mode run their tasks here, in order). A failure leaves
    that row and the ones after it pending for the sweep, as ``send_message``
    does for one."""
    if _eager():
        return [_run_eager(pk, propagate=propagate) for pk in pks]
    if _broker_failed_in_this_request():
        return [Sent.BROKER_DOWN] * len(pks)
    published: list = []
    error = None
    try:
        with transaction.atomic():
            messages_ = list(
                OutboxMessage.objects.select_for_update(skip_locked=True).filter(
                    pk__in=pks, sent_at__isnull=True
                )
            )
            order = {pk: n for n, pk in enumerate(pks)}
            messages_.sort(key=lambda message: order[message.pk])
            with _connection() as connection:
                for message in messages_:
                    try:
                        _publish(message, connection)
                    except Exception as failed:  # the rest would fail the same
                        error = failed
                        break
                    published.append(message.pk)
            OutboxMessage.objects.filter(pk__in=published).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
    except Exception as failed:  # nothing may reach the request
        error, published = failed, []
    sent = set(published)
    if error is not None:
        left = [pk for pk in pks if pk not in sent]
        logger.warning("outbox: %s rows left pending: %r", len(left), error)
        if left:
            _record_failure_many(left, error)
        tell_pending()
        if isinstance(error, BrokerError | OSError):
            _mark_broker_failed()
        return [Sent.SENT if pk in sent else Sent.FAILED for pk in pks]
    return [Sent.SENT if pk in sent else Sent.SKIPPED for pk in pks]


def _record_failure_many(pks: list, error: Exception) -> None:
    try:
        OutboxMessage.objects.filter(pk__in=pks, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=repr(error)[:2000]
        )
    except DatabaseError:
        logger.exception("outbox: could not record the failure of %s rows", len(pks))


def _broker_failed_in_this_request() -> bool:
    return getattr(current_request.get(), "_outbox_broker_down", False)


def _mark_broker_failed() -> None:
    request = current_request.get()
    if request is not None:
        request._outbox_broker_down = True


def _run_eager(pk, *, propagate: bool) -> Sent:
    # Claimed by compare-and-set, then run outside any lock: an eager task
    # may run long (a month close) and commits its own transactions.
    claimed = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return Sent.SKIPPED
    message = OutboxMessage.objects.get(pk=pk)
    task = app.tasks[message.task_name]
    try:
        # As Celery's own eager apply_async: errors propagate when the
        # settings say so; otherwise a failed result is a failure all the same.
        result = task.apply(
            message.args,
            message.kwargs,
            task_id=str(pk),
            throw=app.conf.task_eager_propagates,
        )
        if result.failed():
            raise result.result
    except Exception as error:
        _record_failure(pk, error, count=False)
        if propagate and app.conf.task_eager_propagates:
            raise
        logger.warning("outbox: %s failed in-process: %r", pk, error)
        return Sent.FAILED
    return Sent.SENT


def _record_failure(pk, error: Exception, *, count: bool) -> None:
    changes: dict = {"sent_at": None, "last_error": repr(error)[:2000]}
    if count:
        changes["attempts"] = F("attempts") + 1
    try:
        OutboxMessage.objects.filter(pk=pk).update(**changes)
    except DatabaseError:
        logger.exception("outbox: could not record the failure of %s", pk)


def tell_pending() -> None:
    """Tell the person of the current request, once, that the work is queued."""
    request = current_request.get()
    if request is None or getattr(request, "_outbox_told", False):
        return
    request._outbox_told = True
    messages.info(request, pending_message(), fail_silently=True)


def pending_message() -> str:
    return _(
        "Accepted (waiting to be processed). It will run as soon as the "
        "background service is back."
    )


def pending():
    return OutboxMessage.objects.filter(sent_at__isnull=True)


def is_pending(task_name: str, *args) -> bool:
    """Whether a call of ``task_name`` with ``args`` still waits to be sent."""
    return pending().filter(task_name=task_name, args=list(args)).exists()


def not_ready_message(task, *args) -> str | None:
    """For a page whose document ``task(*args)`` has not made yet: the
    処理待ち note while the task waits in the outbox after a failed publish
    (the broker is down), else None (it is on its way)."""
    if task is None:
        return None
    waiting = pending().filter(task_name=task.name, args=list(args), attempts__gt=0)
    return pending_message() if waiting.exists() else None


def send_pending(*, limit: int | None = None) -> SweepResult:
    """Send the oldest pending rows (at most ``limit``) on one connection;
    stop at the first broker failure, since the rest would fail the same."""
    limit = limit or settings.OUTBOX_BATCH
    ids = list(pending().order_by("created_at").values_list("pk", flat=True)[:limit])
    result = SweepResult()
    if ids and _eager():
        outcomes = [send_message(pk) for pk in ids]
    elif ids:
        with _connection() as connection:
            outcomes = []
            for pk in ids:
                outcomes.append(send_message(pk, connection=connection))
                if outcomes[-1] is Sent.BROKER_DOWN:
                    break
    else:
        outcomes = []
    result.sent = outcomes.count(Sent.SENT)
    result.failed = len(outcomes) - result.sent - outcomes.count(Sent.SKIPPED)
    result.pending = pending().count()
    return result


def purge_sent(*, days: int | None = None) -> int:
    """Delete rows sent more than ``days`` ago (OUTBOX_KEEP_DAYS)."""
    days = settings.OUTBOX_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _per_model = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def sweep() -> SweepResult:
    """What the beat task and the command do: send what is pending, purge
    what was sent long ago."""
    result = send_pending()
    result.purged = purge_sent()
    return result
