"""The audit trail: one row per state change, read back as a timeline."""

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet

from .models import AuditLog


def log_action(
    *,
    target: Model,
    action: str,
    by=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditLog:
    """Write one audit row; call it inside the transaction that made the change
    (inside ``deferred()``, the row is kept for the block's owner to write)."""
    row = AuditLog(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )
    kept = _DEFERRED.get()
    if kept is not None:
        kept.append(row)
    else:
        row.save(force_insert=True)
    return row


_DEFERRED: ContextVar[list | None] = ContextVar("audit_deferred", default=None)


@contextmanager
def deferred() -> Iterator[list[AuditLog]]:
    """Within the block, ``log_action`` keeps its rows, unsaved, in the list
    this yields; the owner writes them with ``write_deferred`` before its
    transaction commits. For work that learns a value its rows quote only at
    the end (a month-close chunk numbers its invoices last, issue 15): audit
    rows are never updated, so they are written once the value is known."""
    rows: list[AuditLog] = []
    token = _DEFERRED.set(rows)
    try:
        yield rows
    finally:
        _DEFERRED.reset(token)


def write_deferred(rows: list[AuditLog], replace: dict[str, str]) -> None:
    """Write the ``rows`` kept by ``deferred()`` in one INSERT, each string in
    their data that is a key of ``replace`` replaced by its value."""
    for row in rows:
        row.data = {
            key: replace.get(value, value) if isinstance(value, str) else value
            for key, value in row.data.items()
        }
    AuditLog.objects.bulk_create(rows, batch_size=500)


def log_actions_bulk(
    *,
    targets: Iterable[Model],
    action: str,
    by=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | Callable[[Model], dict] | None = None,
) -> list[AuditLog]:
    """One audit row per target, written in one INSERT.

    For bulk state changes (``queryset.update(state=...)``): call it inside
    the same transaction, with the rows the update changed. ``data`` is a dict
    for every row or a function of the target giving each row its own.
    """
    actor = by if by is not None and by.is_authenticated else None
    rows = [
        AuditLog(
            actor=actor,
            action=action,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            from_state=from_state or "",
            to_state=to_state or "",
            reason=reason or "",
            data=(data(target) if callable(data) else data) or {},
        )
        for target in targets
    ]
    if (kept := _DEFERRED.get()) is not None:
        kept.extend(rows)
        return rows
    return AuditLog.objects.bulk_create(rows, batch_size=500)


CHUNK = 2_000  # ids per statement: SQLite caps the parameters of one query


def update_logged(
    queryset: QuerySet,
    fields: dict,
    *,
    action: str,
    by=None,
    reason: str = "",
    data: dict | None = None,
    state_field: str = "state",
) -> int:
    """``queryset.update(**fields)`` with one audit row per row it changed.

    The rows are locked and listed first, then updated by id, and the audit
    rows written in the same transaction, so the trail names exactly the rows
    that moved (each with its own from-state when ``state_field`` changes).
    Returns how many rows were updated.
    """
    with transaction.atomic(using=queryset.db):
        locked = queryset.select_for_update(of=("self",))
        if state_field in fields:
            before = dict(locked.values_list("pk", state_field))
        else:
            before = dict.fromkeys(locked.values_list("pk", flat=True), "")
        ids = list(before)
        changed = sum(
            queryset.filter(pk__in=ids[i : i + CHUNK]).update(**fields)
            for i in range(0, len(ids), CHUNK)
        )
        model, to_state = queryset.model, fields.get(state_field, "")
        for state in set(before.values()):
            log_actions_bulk(
                targets=[model(pk=pk) for pk, was in before.items() if was == state],
                action=action,
                by=by,
                from_state=state,
                to_state=to_state,
                reason=reason,
                data=data,
            )
    return changed


def timeline_for(target: Model) -> QuerySet[AuditLog]:
    """The object's audit rows, oldest first, with who did each."""
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
    ).select_related("actor")


@functools.cache
def _action_labels() -> dict:
    labels: dict = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_action_labels", {}))
    return labels


def action_label(action: str) -> str:
    """What a person reads for an action key: the label an app declares in
    its AppConfig (``audit_action_labels``), else the key itself."""
    return _action_labels().get(action) or action
