"""Redundancy: k workers per row, the majority answer, the disagreement queue."""

import pytest

from engagements.models import TaskUnit
from engagements.selectors_formats import disputed_rows
from engagements.services import batch_review, batches
from engagements.services._base import EngagementError

from .. import factories as f
from .conftest import csv_bytes


@pytest.fixture
def triple(world, task_subtask):
    batch = batches.batch_create(
        subtask=task_subtask, by=world.director, instructions="分類する",
        input_fields=["商品名"], answer_fields=["カテゴリ"], unit_reward=10,
        redundancy=3,
    )  # fmt: skip
    batches.batch_import_csv(
        batch=batch, by=world.director,
        data=csv_bytes(["りんご", "ノートPC"], header="商品名"),
    )  # fmt: skip
    batches.batch_publish(batch=batch, by=world.director)
    batch.refresh_from_db()
    return batch


def _answer(batch, worker, row, value):
    (unit,) = batches.units_claim(batch=batch, by=worker, count=1)
    assert unit.row_number == row
    return batches.unit_submit(unit=unit, by=worker, answer={"カテゴリ": value})


def test_two_of_three_agreeing_make_the_majority(world, triple):
    carol = f.worker("carol")
    first = _answer(triple, world.alice, 1, "果物")
    assert TaskUnit.objects.get(pk=first.pk).consensus is None  # not all in yet
    _answer(triple, world.bob, 1, " 果物 ")
    _answer(triple, carol, 1, "野菜")
    row = TaskUnit.objects.filter(batch=triple, row_number=1).order_by("replica")
    assert [u.consensus for u in row] == [{"カテゴリ": "果物"}] * 3
    assert [(u.claimed_by.username, u.agrees) for u in row] == [
        ("alice", True), ("bob", True), ("carol", False),
    ]  # fmt: skip
    assert disputed_rows(triple) == []
    # Carol's answer can be rejected with the majority as evidence.
    outvoted = row.get(claimed_by=carol)
    assert batch_review.units_reject(
        batch=triple, by=world.director, unit_ids=[outvoted.pk],
        reason_code="majority_mismatch",
    ) == 1  # fmt: skip


def test_no_majority_queues_the_row_for_the_director(world, triple):
    carol = f.worker("carol")
    for worker, value in (
        (world.alice, "家電"),
        (world.bob, "パソコン"),
        (carol, "文具"),
    ):
        # Each worker's first claim takes row 1 (one copy each).
        (unit,) = batches.units_claim(batch=triple, by=worker, count=1)
        batches.unit_submit(unit=unit, by=worker, answer={"カテゴリ": value})
    queue = disputed_rows(triple)
    assert [row["row"] for row in queue] == [1]
    assert [u.answer["カテゴリ"] for u in queue[0]["units"]] == [
        "家電",
        "パソコン",
        "文具",
    ]
    # A majority rejection is refused while there is no majority.
    with pytest.raises(EngagementError):
        batch_review.units_reject(
            batch=triple, by=world.director,
            unit_ids=[queue[0]["units"][2].pk], reason_code="majority_mismatch",
        )  # fmt: skip
    agreeing = batch_review.row_resolve(
        batch=triple, by=world.director, row_number=1, answer={"カテゴリ": "パソコン"}
    )
    assert agreeing == 1
    assert disputed_rows(triple) == []
    row = TaskUnit.objects.filter(batch=triple, row_number=1).order_by("replica")
    assert [u.agrees for u in row] == [False, True, False]
