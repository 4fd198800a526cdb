"""What engagements report to the workers app's track record and capacity."""

from django.utils import timezone

from workers import services as worker_services


def _ref(subtask) -> str:
    return f"subtask:{subtask.pk}"


def assignment_started(*, worker) -> None:
    worker_services.assignment_count_changed(worker=worker, delta=1)


def assignment_ended(*, worker) -> None:
    worker_services.assignment_count_changed(worker=worker, delta=-1)


def work_finished(*, subtask, worker, outcome: str, rating=None) -> None:
    """One outcome per (worker, subtask); a later outcome replaces it."""
    submissions = subtask.submissions.filter(worker=worker).order_by("version")
    versions = list(submissions.values_list("submitted_at", flat=True))
    worker_services.work_record_add(
        worker=worker,
        category=subtask.engagement.category,
        subtask_ref=_ref(subtask),
        outcome=outcome,
        revisions=max(len(versions) - 1, 0),
        rating=rating,
        due_at=subtask.due_at,
        submitted_at=versions[0] if versions else None,
        completed_at=timezone.now(),
    )


def message_answered(*, worker, asked_at, answered_at, message) -> None:
    worker_services.response_record_add(
        worker=worker,
        asked_at=asked_at,
        answered_at=answered_at,
        message_ref=f"message:{message.pk}",
    )


def incident(*, worker, kind: str, subtask, description: str, by=None) -> None:
    worker_services.incident_record(
        worker=worker,
        kind=kind,
        subtask_ref=_ref(subtask),
        engagement_ref=f"engagement:{subtask.engagement_id}",
        description=description,
        by=by,
    )
