"""Checks shared by the broker-down tests (enterprise.outbox)."""

from enterprise.models import OutboxMessage
from enterprise.outbox import sweep

PENDING_NOTE = "受け付けました（処理待ち）"


def pending_tasks() -> list[str]:
    return list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("created_at")
        .values_list("task_name", flat=True)
    )


def sweep_after_recovery(broker) -> int:
    """Bring the broker back, sweep, and check a second sweep sends nothing.
    Returns how many rows the first sweep sent."""
    broker.back()
    first = sweep()
    assert first.failed == 0 and first.pending == 0
    second = sweep()
    assert (second.sent, second.pending) == (0, 0)
    return first.sent
