"""The track record engagements reports: subtask outcomes and response times."""

from django.db import transaction
from django.db.models import Count, Q, Sum

from ..models import (
    DeliveryRatingRecord,
    ResponseRecord,
    WorkerCategoryStats,
    WorkRecord,
)


def _enqueue_recompute(worker_id: int, category_id: int | None = None) -> None:
    from .. import tasks

    if category_id is None:
        tasks.recompute_worker_certifications.delay_on_commit(worker_id)
    else:
        tasks.recompute_certification.delay_on_commit(worker_id, category_id)


def category_stats_rebuild(*, worker, category) -> WorkerCategoryStats:
    """Recount the worker's all-time figures in the category from WorkRecord."""
    approved = Q(outcome=WorkRecord.Outcome.APPROVED)
    figures = WorkRecord.objects.filter(worker=worker, category=category).aggregate(
        approved_count=Count("id", filter=approved),
        rated_count=Count("rating", filter=approved),
        rating_sum=Sum("rating", filter=approved),
    )
    figures["rating_sum"] = figures["rating_sum"] or 0
    stats, _created = WorkerCategoryStats.objects.update_or_create(
        worker=worker, category=category, defaults=figures
    )
    return stats


def work_record_add(
    *,
    worker,
    category,
    subtask_ref: str,
    outcome: str,
    revisions: int = 0,
    rating: int | None = None,
    due_at=None,
    submitted_at=None,
    completed_at,
) -> WorkRecord:
    """Record the outcome of one subtask for one worker (engagements calls this).

    - ``worker``: the User who held the subtask; ``category``: its WorkCategory.
    - ``subtask_ref``: a stable id of the subtask, e.g. ``"subtask:42"``.
    - ``outcome``: a ``WorkRecord.Outcome`` value: ``approved``, ``rejected``,
      ``overdue``, ``abandoned`` (the worker gave it back) or ``cancelled``
      (by the client or operator: counts neither way).
    - ``revisions``: revision requests before the outcome; ``rating`` 1-5 given
      on approval, or None.
    - ``completed_at``: when the outcome was decided (the certification
      window counts from it).

    One row per (worker, subtask_ref): calling again updates it, so a retried
    task cannot count twice and a later outcome replaces an earlier one.
    Call it inside the transaction of the review; after commit a Celery task
    recomputes the worker's certification in the category.
    Raises ValueError for an unknown outcome or a rating outside 1-5.
    """
    if outcome not in WorkRecord.Outcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError(f"rating must be 1-5, got {rating!r}")
    with transaction.atomic():
        record, _created = WorkRecord.objects.update_or_create(
            worker=worker,
            subtask_ref=subtask_ref,
            defaults={
                "category": category,
                "outcome": outcome,
                "revisions": revisions,
                "rating": rating,
                "due_at": due_at,
                "submitted_at": submitted_at,
                "completed_at": completed_at,
            },
        )
        category_stats_rebuild(worker=worker, category=category)
        _enqueue_recompute(worker.pk, category.pk)
    return record


def response_record_add(
    *, worker, asked_at, answered_at=None, message_ref: str = ""
) -> ResponseRecord:
    """Record a message put to ``worker`` and when they answered it.

    Engagements calls it when the worker answers (with ``answered_at``), and
    may call it when the message is asked (``answered_at=None``) so that an
    unanswered message counts once 24 hours have passed. With a
    ``message_ref`` (e.g. ``"message:812"``) a second call updates the same
    row; without one every call adds a row. After commit the worker's
    certifications are recomputed (the response rate counts in every
    category).
    """
    with transaction.atomic():
        if message_ref:
            record, _created = ResponseRecord.objects.update_or_create(
                worker=worker,
                message_ref=message_ref,
                defaults={"asked_at": asked_at, "answered_at": answered_at},
            )
        else:
            record = ResponseRecord.objects.create(
                worker=worker, asked_at=asked_at, answered_at=answered_at
            )
        _enqueue_recompute(worker.pk)
    return record


def delivery_rating_record(
    *, worker, category, delivery_ref: str, rating: int, rated_at
) -> DeliveryRatingRecord:
    """Record a client's rating of a delivery ``worker``'s work was in.

    Support calls it when a client contact rates a delivery, once per worker
    whose approved work the delivery held. ``delivery_ref`` is a stable id of
    the delivery (``"delivery:17"``): a second call updates the same row, so a
    retried call cannot count twice. After commit the worker's certification
    in ``category`` is recomputed (the criteria may name a minimum average).
    Raises ValueError for a rating outside 1-5.
    """
    if not 1 <= rating <= 5:
        raise ValueError(f"rating must be 1-5, got {rating!r}")
    with transaction.atomic():
        record, _created = DeliveryRatingRecord.objects.update_or_create(
            worker=worker,
            delivery_ref=delivery_ref,
            defaults={"category": category, "rating": rating, "rated_at": rated_at},
        )
        _enqueue_recompute(worker.pk, category.pk)
    return record
