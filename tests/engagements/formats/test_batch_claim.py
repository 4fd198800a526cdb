"""Claiming units: never two workers on one unit; time limits; eligibility."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from engagements.models import TaskUnit
from engagements.services import batches
from engagements.services._base import EngagementError

from .. import factories as f
from .conftest import certify, csv_bytes, shop_rows


@pytest.fixture
def open_batch(world, batch):
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(10))
    )
    batches.batch_publish(batch=batch, by=world.director)
    batch.refresh_from_db()
    return batch


def test_claims_hand_out_distinct_units_with_a_deadline(world, open_batch):
    before = timezone.now()
    mine = batches.units_claim(batch=open_batch, by=world.alice, count=3)
    theirs = batches.units_claim(batch=open_batch, by=world.bob, count=3)
    assert [u.row_number for u in mine] == [1, 2, 3]
    assert [u.row_number for u in theirs] == [4, 5, 6]
    unit = mine[0]
    assert (unit.state, unit.claimed_by) == ("claimed", world.alice)
    # 15 minutes per claimed unit, the default.
    assert unit.expires_at - unit.claimed_at == datetime.timedelta(minutes=15)
    assert unit.claimed_at >= before


def test_a_worker_stops_at_the_batch_maximum(world, open_batch):
    open_batch.max_units_per_worker = 4
    open_batch.save(update_fields=["max_units_per_worker"])
    assert len(batches.units_claim(batch=open_batch, by=world.alice, count=3)) == 3
    assert len(batches.units_claim(batch=open_batch, by=world.alice, count=3)) == 1
    with pytest.raises(EngagementError) as caught:
        batches.units_claim(batch=open_batch, by=world.alice)
    assert caught.value.messages == ["このバッチで作業できる上限（4件）に達しました。"]


def test_nothing_left_gives_an_empty_claim(world, open_batch):
    assert len(batches.units_claim(batch=open_batch, by=world.alice, count=20)) == 10
    assert batches.units_claim(batch=open_batch, by=world.bob) == []


def test_eligibility_needs_the_skill_and_certification(world, open_batch):
    from workers.models import CertificationLevel

    open_batch.required_skill = f.article_skill()
    open_batch.required_level = CertificationLevel.objects.get(code="certified")
    open_batch.save()
    with pytest.raises(PermissionDenied):
        batches.units_claim(batch=open_batch, by=world.alice)
    certify(world.alice, world.category, skill=f.article_skill())
    assert len(batches.units_claim(batch=open_batch, by=world.alice)) == 1
    # The engagement's director never works on its units.
    with pytest.raises(PermissionDenied):
        batches.units_claim(batch=open_batch, by=world.director)


def test_a_draft_or_paused_batch_cannot_be_claimed(world, open_batch):
    batches.batch_pause(batch=open_batch, by=world.director)
    with pytest.raises(EngagementError):
        batches.units_claim(batch=open_batch, by=world.alice)


def test_expired_claims_return_to_the_pool(world, open_batch):
    claimed = batches.units_claim(batch=open_batch, by=world.alice, count=2)
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert batches.units_expire(now=later) == 2
    assert batches.units_expire(now=later) == 0  # twice changes nothing
    unit = TaskUnit.objects.get(pk=claimed[0].pk)
    assert (unit.state, unit.claimed_by, unit.expires_at) == ("open", None, None)
    with pytest.raises(PermissionDenied):
        batches.unit_submit(unit=unit, by=world.alice, answer={})
    # Bob gets the returned units first (they come first in the batch).
    again = batches.units_claim(batch=open_batch, by=world.bob, count=2)
    assert [u.pk for u in again] == [u.pk for u in claimed]


def test_an_answer_after_the_deadline_is_refused(world, open_batch):
    (unit,) = batches.units_claim(batch=open_batch, by=world.alice)
    TaskUnit.objects.filter(pk=unit.pk).update(expires_at=timezone.now())
    with pytest.raises(EngagementError) as caught:
        batches.unit_submit(
            unit=unit, by=world.alice, answer={"電話番号": "03", "営業時間": "9-17"}
        )
    assert caught.value.messages == [
        "このタスクの制限時間が過ぎたため、タスクは未着手に戻りました。"
    ]


def test_submit_needs_every_answer_field(world, open_batch):
    (unit,) = batches.units_claim(batch=open_batch, by=world.alice)
    with pytest.raises(EngagementError) as caught:
        batches.unit_submit(unit=unit, by=world.alice, answer={"電話番号": " "})
    assert caught.value.messages == [
        "「電話番号」を入力してください。",
        "「営業時間」を入力してください。",
    ]
    done = batches.unit_submit(
        unit=unit,
        by=world.alice,
        answer={"電話番号": "03-1111-2222", "営業時間": "10-19"},
    )
    assert done.state == "submitted"
    assert done.auto_approve_at - done.submitted_at == datetime.timedelta(days=3)
    with pytest.raises(PermissionDenied):
        batches.unit_submit(unit=unit, by=world.bob, answer={})


def test_redundant_rows_go_to_different_workers(world, task_subtask):
    batch = batches.batch_create(
        subtask=task_subtask, by=world.director, instructions="入力",
        input_fields=["店名"], answer_fields=["電話番号"], unit_reward=20,
        redundancy=2,
    )  # fmt: skip
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(["A", "B"], header="店名")
    )
    batches.batch_publish(batch=batch, by=world.director)
    mine = batches.units_claim(batch=batch, by=world.alice, count=4)
    # One unit per row, never both copies of a row.
    assert sorted(u.row_number for u in mine) == [1, 2]
    theirs = batches.units_claim(batch=batch, by=world.bob, count=4)
    assert sorted(u.row_number for u in theirs) == [1, 2]
    assert batches.units_claim(batch=batch, by=world.alice, count=4) == []


def test_each_expired_claim_leaves_an_audit_row(world, open_batch):
    from enterprise.audit import timeline_for

    claimed = batches.units_claim(batch=open_batch, by=world.alice, count=2)
    batches.units_expire(now=timezone.now() + datetime.timedelta(minutes=16))
    for unit in claimed:
        (row,) = timeline_for(unit)
        assert (row.action, row.actor, row.from_state, row.to_state) == (
            "engagements.taskunit.claim_expired", None, "claimed", "open",
        )  # fmt: skip


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-trip claim is PostgreSQL's"
)
def test_a_claim_is_one_round_trip_to_postgresql(
    world, open_batch, django_assert_num_queries
):
    batches.units_claim(batch=open_batch, by=world.alice)  # roles read once
    # Eligibility, the worker's limit (their row locked) and the units held:
    # thousands of claims a minute at peak, each one message to the database.
    with django_assert_num_queries(1):
        units = batches.units_claim(batch=open_batch, by=world.alice, count=2)
    assert [u.row_number for u in units] == [2, 3]
    assert all(u.claimed_by == world.alice for u in units)
