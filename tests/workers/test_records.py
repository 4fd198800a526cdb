"""The track record interface engagements calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workers import services
from workers.models import ResponseRecord, WorkerCategoryStats, WorkRecord

pytestmark = pytest.mark.django_db


def add(worker, category, ref="subtask:1", **changes):
    now = timezone.now()
    values = {
        "outcome": "approved",
        "revisions": 0,
        "rating": 4,
        "due_at": now,
        "submitted_at": now - timedelta(hours=3),
        "completed_at": now,
    } | changes
    return services.work_record_add(
        worker=worker, category=category, subtask_ref=ref, **values
    )


def test_reporting_the_same_subtask_again_updates_its_row(profile, writing):
    worker = profile.user
    add(worker, writing, outcome="rejected", rating=None)
    add(worker, writing, outcome="approved", revisions=2, rating=5)
    record = WorkRecord.objects.get()
    assert (record.outcome, record.revisions, record.rating) == ("approved", 2, 5)


def test_category_figures_are_rebuilt_from_the_records(profile, writing):
    worker = profile.user
    add(worker, writing, "subtask:1", rating=5)
    add(worker, writing, "subtask:2", rating=4)
    add(worker, writing, "subtask:3", outcome="rejected", rating=None)
    add(worker, writing, "subtask:2", outcome="rejected", rating=None)
    stats = WorkerCategoryStats.objects.get(worker=worker, category=writing)
    assert (stats.approved_count, stats.rated_count, stats.rating_sum) == (1, 1, 5)


def test_unknown_outcome_and_rating_are_refused(profile, writing):
    with pytest.raises(ValueError):
        add(profile.user, writing, outcome="lost")
    with pytest.raises(ValueError):
        add(profile.user, writing, rating=6)


def test_work_record_queues_the_recompute_after_commit(
    profile, writing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        add(profile.user, writing)
    assert len(callbacks) == 1


def test_response_with_a_message_ref_is_updated_when_answered(profile):
    worker = profile.user
    asked = timezone.now() - timedelta(hours=5)
    services.response_record_add(worker=worker, asked_at=asked, message_ref="m:1")
    services.response_record_add(
        worker=worker,
        asked_at=asked,
        answered_at=asked + timedelta(hours=1),
        message_ref="m:1",
    )
    record = ResponseRecord.objects.get()
    assert record.answered_at == asked + timedelta(hours=1)
