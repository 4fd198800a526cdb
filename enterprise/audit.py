"""The audit trail: one row per state change, read back as a timeline."""

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


def timeline_for(target: Model) -> QuerySet[AuditLog]:
    """The object's audit rows, oldest first, with who did each."""
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
    ).select_related("actor")
