"""Long work as a run that survives its worker (issues 14 and 15).

A run is a row with a state, counts (``total``, ``done``, ``issued``) and a
heartbeat, plus one item row per unit of work (a client to close, a worker
to pay). The plan writes the items once; each item is then processed in its
own transaction together with its ``done_at`` mark, so a killed worker
loses at most the item in progress and a resume (or a task delivered twice)
skips what is done. The work fans out as chunk tasks: any number of Celery
worker processes take chunks at once, and whichever chunk finds nothing left
finishes the run with a compare-and-set on the state.

A run whose heartbeat is older than ``RUN_STALL_MINUTES`` while queued or
running shows as stalled (停止中), with a resume for finance. The run models
live with the work they do (``invoicing.models``); this module holds what
every run shares.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .bulk import update_each

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
# Items between two updates of the counts and heartbeat within a chunk.
HEARTBEAT_EVERY = 25
# The last chunks of a run, in chunks' worth of items, that go out in halves.
TAPER = 2
STALLED_LABEL = pgettext_lazy("run state", "Stalled")


class RunItem(models.Model):
    """One unit of a run: ``key`` names it (a client's or worker's id),
    ``result`` what it made (a document number, empty for nothing)."""

    key = models.PositiveBigIntegerField(_("item"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=40, blank=True)

    class Meta:
        abstract = True


class RunMixin:
    """Properties for a run model with ``state``, ``total``, ``done``,
    ``issued``, ``error``, ``heartbeat_at`` (see module docstring)."""

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def stalled(self) -> bool:
        if self.state not in (QUEUED, RUNNING) or self.heartbeat_at is None:
            return False
        return self.heartbeat_at < stall_cutoff()

    @property
    def resumable(self) -> bool:
        return self.stalled or self.state == FAILED

    @property
    def state_label(self) -> str:
        return str(STALLED_LABEL) if self.stalled else self.get_state_display()

    @property
    def percent(self) -> int:
        if self.state == DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    def progress(self) -> dict:
        """What the progress page polls. A stalled run's counts are read off
        its items: its worker may have died before counting the last ones."""
        done, issued = self.done, self.issued
        if self.stalled:
            done = self.items.filter(done_at__isnull=False).count()
            issued = self.items.filter(done_at__isnull=False).exclude(result="").count()
        return {
            "state": "stalled" if self.stalled else self.state,
            "state_label": self.state_label,
            "total": self.total,
            "done": done,
            "issued": issued,
            "percent": self.percent,
            "finished": self.finished,
            "resumable": self.resumable,
            "error": self.error,
        }


def stall_cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.RUN_STALL_MINUTES)


def chunks(keys: list[int], size: int) -> list[list[int]]:
    """``keys`` in chunks of ``size``, except that the last ``TAPER`` chunks'
    worth are cut in halves (issue 15): workers finish together. Chunks are
    taken in order, so with equal chunks the worker that takes the last one
    works a whole chunk while the others idle (25 chunks on two workers: 13
    and 12); with half chunks at the end, at most half a chunk. A run of one
    chunk stays one."""
    if len(keys) <= size:
        return [keys] if keys else []
    whole = max(-(-len(keys) // size) - TAPER, 0)
    head, tail = keys[: whole * size], keys[whole * size :]
    parts = 2 * -(-len(tail) // size)
    cuts = [len(tail) * n // parts for n in range(parts + 1)]
    return [head[i : i + size] for i in range(0, len(head), size)] + [
        tail[a:b] for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def run_plan(run_model, run_id: int, plan: Callable[[object], Iterable[int]]) -> bool:
    """Write a queued run's items (``plan(run)`` gives their keys, as a list
    or a one-column query) and move it to running; False when the run is
    already finished. A run planned before (a resume, a task delivered
    twice) keeps its items."""
    with transaction.atomic():
        run = run_model.objects.select_for_update().get(pk=run_id)
        if run.state in (DONE, FAILED):
            return False
        if run.state == QUEUED:
            total = _write_items(run, plan(run))
            run_model.objects.filter(pk=run_id).update(
                state=RUNNING, total=total, heartbeat_at=timezone.now()
            )
    return True


def _write_items(run, planned) -> int:
    """One item per distinct key of ``planned`` (a list, or a query of one
    column: then in one ``INSERT … SELECT`` that never brings the keys into
    Python; 5,000 items took ~0.2 s as objects, issue 15). Returns the count.
    """
    item_model = run.items.model
    if not isinstance(planned, models.QuerySet):
        keys = sorted(set(planned))
        item_model.objects.bulk_create(
            [item_model(run=run, key=key) for key in keys], batch_size=1000
        )
        return len(keys)
    connection = connections[planned.db]
    select, params = planned.query.get_compiler(connection=connection).as_sql()
    quote, meta = connection.ops.quote_name, item_model._meta
    columns = ", ".join(
        quote(meta.get_field(name).column) for name in ("run", "key", "result")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "
            f"SELECT DISTINCT %s, planned.*, '' FROM ({select}) planned ORDER BY 2",
            [run.pk, *params],
        )
        return cursor.rowcount


def run_start(run_model, run_id: int, plan, chunk_task, size: int) -> None:
    """Plan the run (once) and queue its pending items in chunks; a plan that
    raises fails the run with the message (a resume plans again)."""
    try:
        planned = run_plan(run_model, run_id, plan)
    except Exception as error:
        logger.exception("planning %s %s failed", run_model.__name__, run_id)
        run_fail(run_model, run_id, error)
        return
    if planned:
        run_dispatch(run_model.objects.get(pk=run_id), chunk_task, size)


def run_fail(run_model, run_id: int, error: Exception) -> None:
    run_model.objects.filter(pk=run_id, state__in=(QUEUED, RUNNING)).update(
        state=FAILED, error=str(error), finished_at=timezone.now()
    )


def pending_keys(run) -> list[int]:
    return list(
        run.items.filter(done_at__isnull=True)
        .order_by("key")
        .values_list("key", flat=True)
    )


def run_item(
    run_model, run_id: int, key: int, work: Callable[[int], str]
) -> str | None:
    """Do one item in one transaction with its done mark: its result, or
    None when it was already done (a resume, a chunk delivered twice)."""
    item_model = run_model._meta.get_field("items").related_model
    with transaction.atomic():
        item = item_model.objects.select_for_update().get(run_id=run_id, key=key)
        if item.done_at is not None:
            return None
        item.result = work(key) or ""
        item.done_at = timezone.now()
        item.save(update_fields=["result", "done_at"])
    return item.result


def _count(run_model, run_id: int, done: int, issued: int) -> None:
    """Move the counts and the heartbeat (once per chunk: one commit for many
    items; a kill before it is put right by ``run_recount``)."""
    run_model.objects.filter(pk=run_id).update(
        done=F("done") + done, issued=F("issued") + issued, heartbeat_at=timezone.now()
    )


def run_recount(run_model, run_id: int) -> None:
    """The counts as the items say (after a kill between an item and its count)."""
    item_model = run_model._meta.get_field("items").related_model
    counts = item_model.objects.filter(run_id=run_id).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(done_at__isnull=False)),
        issued=Count("id", filter=Q(done_at__isnull=False) & ~Q(result="")),
    )
    run_model.objects.filter(pk=run_id).update(**counts)


def run_finish_if_complete(run_model, run_id: int) -> bool:
    """Finish a running run whose items are all done (compare-and-set: of the
    chunks that find it complete, one finishes it)."""
    item_model = run_model._meta.get_field("items").related_model
    if item_model.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        return False
    run_recount(run_model, run_id)
    now = timezone.now()
    return bool(
        run_model.objects.filter(pk=run_id, state=RUNNING).update(
            state=DONE, finished_at=now, heartbeat_at=now
        )
    )


def run_items_together(
    run_model, run_id: int, keys: list[int], work_many: Callable[[list[int]], dict]
) -> tuple[int, int]:
    """Do the pending ``keys`` in ONE transaction with their done marks:
    ``work_many(pending)`` does them all and gives each key its result (a
    document number, "" for nothing). Items done already (a resume, a chunk
    delivered twice) are skipped. Returns (done, issued). An error rolls the
    whole chunk back: nothing of it is done."""
    item_model = run_model._meta.get_field("items").related_model
    with transaction.atomic():
        items = list(
            item_model.objects.select_for_update()
            .filter(run_id=run_id, key__in=keys, done_at__isnull=True)
            .order_by("key")
        )
        if not items:
            return 0, 0
        results = work_many([item.key for item in items])
        now = timezone.now()
        for item in items:
            item.result, item.done_at = results.get(item.key) or "", now
        update_each(item_model, ["result", "done_at"], items)
    return len(items), sum(1 for item in items if item.result)


def run_chunk(run_model, run_id: int, keys: list[int], work, work_many=None) -> None:
    """Process ``keys`` of a run, then finish the run if nothing is left.

    With ``work_many`` the chunk is done in one transaction (one round trip
    per kind of row, issue 15); should that fail, it is rolled back and done
    again one item and transaction at a time with ``work``, so the items
    before a failing one are done and the run fails on that one, as without.
    An error fails the run with its message (the items done so far stay
    done; a resume continues). A run no longer running (failed elsewhere, or
    finished) is left alone. The tasks the items queue are handed on at the
    end of the chunk, to be sent by one relay task (``outbox.held_sends``).
    """
    from .outbox import held_sends

    runs = run_model.objects.filter(pk=run_id)
    if not runs.filter(state=RUNNING).exists():
        return
    with held_sends(relay=True):
        if work_many is not None:
            try:
                done, issued = run_items_together(run_model, run_id, keys, work_many)
            except Exception:
                logger.warning(
                    "run %s %s: chunk failed together, retried item by item",
                    run_model.__name__,
                    run_id,
                    exc_info=True,
                )
            else:
                _count(run_model, run_id, done, issued)
                run_finish_if_complete(run_model, run_id)
                return
        _run_items(run_model, run_id, keys, work)


def _run_items(run_model, run_id: int, keys: list[int], work) -> None:
    done = issued = 0
    try:
        for key in keys:
            result = run_item(run_model, run_id, key, work)
            if result is not None:
                done, issued = done + 1, issued + bool(result)
            if done == HEARTBEAT_EVERY:
                _count(run_model, run_id, done, issued)
                done = issued = 0
    except Exception as error:
        logger.exception("run %s %s failed", run_model.__name__, run_id)
        run_fail(run_model, run_id, error)
        run_recount(run_model, run_id)
        return
    _count(run_model, run_id, done, issued)
    run_finish_if_complete(run_model, run_id)


def run_resume(run_model, run_id: int) -> bool:
    """Let a stalled or failed run continue where it stopped: counts and
    items are kept. False when there is nothing to resume."""
    with transaction.atomic():
        run = run_model.objects.select_for_update().get(pk=run_id)
        if not run.resumable:
            return False
        # A run that failed before its plan was written plans again.
        state = RUNNING if run.items.exists() else QUEUED
        run_model.objects.filter(pk=run_id).update(
            state=state, error="", finished_at=None, heartbeat_at=timezone.now()
        )
    run_recount(run_model, run_id)
    return True


def run_dispatch(run, chunk_task, size: int) -> int:
    """Queue the pending items as a group of chunk tasks (eager: run them
    here); the run finishes when the last chunk does."""
    from celery import group

    keys = pending_keys(run)
    if not keys:
        run_finish_if_complete(type(run), run.pk)
        return 0
    group(chunk_task.si(run.pk, chunk) for chunk in chunks(keys, size)).apply_async()
    return len(keys)
