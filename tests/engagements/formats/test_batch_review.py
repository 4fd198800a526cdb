"""Reviewing answers: bulk and automatic approval, gold scoring, fair rejection."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engagements.models import Subtask, TaskAppeal, TaskUnit
from engagements.selectors_formats import batch_progress, worker_figures
from engagements.services import batch_review, batches
from engagements.services._base import EngagementError
from enterprise.models import AuditLog

from .conftest import csv_bytes

ANSWER = {"電話番号": "03-1111-2222", "営業時間": "10時～19時"}


@pytest.fixture
def gold_batch(world, batch):
    """Ten rows; rows 1 and 2 are gold units with known answers."""
    rows = ["店舗1,東京都1,03-1111-2222,10時～19時", "店舗2,東京都2,03-9999-0000,終日"]
    rows += [f"店舗{i},東京都{i},," for i in range(3, 11)]
    data = csv_bytes(rows, header="店名,住所,gold:電話番号,gold:営業時間")
    batches.batch_import_csv(batch=batch, by=world.director, data=data)
    batches.batch_publish(batch=batch, by=world.director)
    batch.refresh_from_db()
    return batch


def _work(batch, worker, count, answer=ANSWER):
    units = batches.units_claim(batch=batch, by=worker, count=count)
    return [batches.unit_submit(unit=u, by=worker, answer=answer) for u in units]


def test_gold_units_score_each_workers_accuracy(world, gold_batch):
    # Alice answers rows 1-5: gold row 1 right (full-width digits count as
    # the same), gold row 2 wrong.
    alice = _work(gold_batch, world.alice, 5, {**ANSWER, "電話番号": "０３-1111-2222"})
    assert [u.gold_correct for u in alice] == [True, False, None, None, None]
    figures = {row["claimed_by__username"]: row for row in worker_figures(gold_batch)}
    assert (figures["alice"]["gold"], figures["alice"]["gold_right"]) == (2, 1)
    assert figures["alice"]["accuracy"] == 50.0


def test_bulk_approval_approves_every_submitted_unit(world, gold_batch):
    _work(gold_batch, world.alice, 4)
    _work(gold_batch, world.bob, 3)
    assert batch_review.units_approve(batch=gold_batch, by=world.director) == 7
    assert batch_progress(gold_batch)["approved"] == 7
    assert batch_progress(gold_batch)["open"] == 3
    log = AuditLog.objects.get(action="engagements.taskbatch.units_approved")
    assert (log.actor, log.data) == (world.director, {"count": 7, "all": True})
    with pytest.raises(PermissionDenied):
        batch_review.units_approve(batch=gold_batch, by=world.other_director)


def test_approval_of_chosen_units_leaves_the_others(world, gold_batch):
    units = _work(gold_batch, world.alice, 4)
    approved = batch_review.units_approve(
        batch=gold_batch, by=world.director, unit_ids=[units[0].pk, units[1].pk]
    )
    assert approved == 2
    assert batch_progress(gold_batch)["submitted"] == 2


def test_units_nobody_reviewed_are_approved_automatically(world, gold_batch):
    units = _work(gold_batch, world.alice, 3)
    TaskUnit.objects.filter(pk=units[0].pk).update(
        auto_approve_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert batch_review.units_auto_approve() == 1
    assert batch_review.units_auto_approve() == 0
    unit = TaskUnit.objects.get(pk=units[0].pk)
    assert (unit.state, unit.approved_automatically) == ("approved", True)
    # Three days after the answer every remaining one goes too.
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert batch_review.units_auto_approve(now=later) == 2


def test_a_gold_rejection_needs_a_missed_gold_unit(world, gold_batch):
    units = _work(gold_batch, world.alice, 3)
    with pytest.raises(EngagementError) as caught:
        batch_review.units_reject(
            batch=gold_batch, by=world.director, unit_ids=[units[0].pk, units[2].pk],
            reason_code="gold_mismatch",
        )  # fmt: skip
    assert caught.value.messages == [
        "1行目は、チェック用タスクの誤答ではありません。",
        "3行目は、チェック用タスクの誤答ではありません。",
    ]
    assert batch_review.units_reject(
        batch=gold_batch, by=world.director, unit_ids=[units[1].pk],
        reason_code="gold_mismatch",
    ) == 1  # fmt: skip
    unit = TaskUnit.objects.get(pk=units[1].pk)
    assert (unit.state, unit.rejection_code) == ("rejected", "gold_mismatch")
    # The evidence shown to the worker: the known answer.
    assert unit.gold_answer == {"電話番号": "03-9999-0000", "営業時間": "終日"}


def test_other_codes_need_a_note_for_the_worker(world, gold_batch):
    units = _work(gold_batch, world.alice, 3)
    with pytest.raises(EngagementError) as caught:
        batch_review.units_reject(
            batch=gold_batch, by=world.director, unit_ids=[units[2].pk],
            reason_code="incomplete",
        )  # fmt: skip
    assert caught.value.messages == [
        "何が問題かを記入してください。ワーカーに表示されます。"
    ]


def test_rejections_past_the_cap_need_an_escalation(world, gold_batch, mailoutbox):
    units = _work(gold_batch, world.alice, 5)
    ids = [u.pk for u in units]
    # Alice did 5 units: the cap is max(3, 30% of 5) = 3.
    with pytest.raises(EngagementError) as caught:
        batch_review.units_reject(
            batch=gold_batch, by=world.director, unit_ids=ids[:4],
            reason_code="spam", note="同じ回答の繰り返し",
        )  # fmt: skip
    assert caught.value.messages == [
        "alice さんのこのバッチでの非承認が4件となり、上限の3件を超えます。"
        "続けるにはエスカレーションの理由を記入してください。"
    ]
    assert TaskUnit.objects.filter(state="rejected").count() == 0
    rejected = batch_review.units_reject(
        batch=gold_batch, by=world.director, unit_ids=ids[:4], reason_code="spam",
        note="同じ回答の繰り返し", escalation_note="全件コピー回答のため営業に相談",
    )  # fmt: skip
    assert rejected == 4
    assert Subtask.objects.get(pk=gold_batch.subtask_id).escalated is True
    assert AuditLog.objects.filter(
        action="engagements.taskbatch.rejection_cap_escalated"
    ).exists()


def test_an_upheld_appeal_approves_and_corrects_the_figures(world, gold_batch):
    units = _work(gold_batch, world.alice, 2)
    batch_review.units_reject(
        batch=gold_batch, by=world.director, unit_ids=[units[1].pk],
        reason_code="gold_mismatch",
    )  # fmt: skip
    unit = TaskUnit.objects.get(pk=units[1].pk)
    with pytest.raises(PermissionDenied):
        batch_review.unit_appeal(unit=unit, by=world.bob, reason="違います")
    appeal = batch_review.unit_appeal(
        unit=unit, by=world.alice, reason="公式サイトの表記は「終日」ではありません"
    )
    with pytest.raises(EngagementError):
        batch_review.unit_appeal(unit=unit, by=world.alice, reason="再度")
    batch_review.appeal_decide(
        appeal=appeal, by=world.director, uphold=True, note="正解データの誤りでした"
    )
    unit.refresh_from_db()
    appeal.refresh_from_db()
    assert (unit.state, unit.gold_correct) == ("approved", True)
    assert appeal.state == TaskAppeal.State.UPHELD
    figures = worker_figures(gold_batch)[0]
    assert (figures["rejected"], figures["approved"], figures["accuracy"]) == (
        0, 1, 100.0,
    )  # fmt: skip


def test_appeals_close_after_the_appeal_days(world, gold_batch):
    units = _work(gold_batch, world.alice, 2)
    batch_review.units_reject(
        batch=gold_batch, by=world.director, unit_ids=[units[1].pk],
        reason_code="gold_mismatch",
    )  # fmt: skip
    TaskUnit.objects.filter(pk=units[1].pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    with pytest.raises(EngagementError) as caught:
        batch_review.unit_appeal(unit=units[1], by=world.alice, reason="異議")
    assert caught.value.messages == ["異議申立ての期限を過ぎています。"]


def test_closing_approves_the_task_subtask(world, gold_batch):
    _work(gold_batch, world.alice, 3)
    with pytest.raises(EngagementError):
        batches.batch_close(batch=gold_batch, by=world.director)
    batch_review.units_approve(batch=gold_batch, by=world.director)
    batches.batch_close(batch=gold_batch, by=world.director, withdraw_open=True)
    subtask = Subtask.objects.get(pk=gold_batch.subtask_id)
    assert subtask.state == "approved"
    assert subtask.reward == 90  # the 3 units done, at ¥30


def test_each_auto_approved_unit_leaves_an_audit_row(world, gold_batch):
    from enterprise.audit import timeline_for

    units = _work(gold_batch, world.alice, 3)
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert batch_review.units_auto_approve(now=later) == 3
    rows = [row for unit in units for row in timeline_for(unit)]
    assert [(r.action, r.from_state, r.to_state) for r in rows] == [
        ("engagements.taskunit.auto_approved", "submitted", "approved")
    ] * 3
