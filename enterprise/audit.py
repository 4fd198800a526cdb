"""The audit trail: one row per state change, read back as a timeline."""

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
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
    """Write one audit row; call it inside the transaction that made the change."""
    return AuditLog.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )


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
    return AuditLog.objects.bulk_create(rows, batch_size=500)


def timeline_for(target: Model) -> QuerySet[AuditLog]:
    """The object's audit rows, oldest first, with who did each."""
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
    ).select_related("actor")
