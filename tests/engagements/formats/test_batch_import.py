"""A batch's CSV is imported whole or not at all, with line-numbered errors."""

import pytest

from engagements.models import Subtask, TaskUnit
from engagements.services import batches
from engagements.services._base import EngagementError
from enterprise.models import AuditLog

from .conftest import csv_bytes, shop_rows


def _refusal(batch, data, by):
    with pytest.raises(EngagementError) as caught:
        batches.batch_import_csv(batch=batch, by=by, data=data)
    assert TaskUnit.objects.filter(batch=batch).count() == 0
    return caught.value.messages


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_import_reads_utf8_with_or_without_bom_and_shift_jis(world, batch, encoding):
    data = csv_bytes(shop_rows(3), encoding=encoding)
    assert batches.batch_import_csv(batch=batch, by=world.director, data=data) == 3
    units = list(batch.units.order_by("row_number"))
    assert [u.row_number for u in units] == [1, 2, 3]
    assert units[0].input == {"店名": "店舗1", "住所": "東京都千代田区1-1"}
    assert units[0].state == "open" and units[0].gold_answer is None
    # The subtask's reward becomes the batch's total: 3 units × ¥30.
    assert Subtask.objects.get(pk=batch.subtask_id).reward == 90
    log = AuditLog.objects.get(action="engagements.taskbatch.imported")
    assert log.data == {"rows": 3, "units": 3, "gold": 0}


def test_missing_value_on_line_37_refuses_the_whole_file(world, batch):
    rows = shop_rows(40)
    rows[35] = "店舗36,"  # data row 36 is line 37 (the header is line 1)
    messages = _refusal(batch, csv_bytes(rows), world.director)
    assert messages == ["37行目：「住所」が空です。"]


def test_every_bad_line_is_named(world, batch):
    rows = shop_rows(40)
    rows[3] = "店舗4"  # line 5: one value short
    rows[35] = ",東京都"  # line 37: no shop name
    messages = _refusal(batch, csv_bytes(rows), world.director)
    assert messages == [
        "5行目：値が1個あります（2個のはずです）。",
        "37行目：「店名」が空です。",
    ]


def test_wrong_columns_are_refused_on_line_1(world, batch):
    data = csv_bytes(shop_rows(3), header="店名,所在地")
    assert _refusal(batch, data, world.director) == [
        "1行目：列が足りません：住所。",
        "1行目：不明な列があります：所在地（必要な列：店名、住所）。",
    ]


def test_wrong_encoding_is_refused_with_the_line(world, batch):
    data = csv_bytes(shop_rows(3), encoding="utf-16")
    assert _refusal(batch, data, world.director) == [
        "1行目：ファイルの文字コードがUTF-8でもShift_JISでもありません。"
        "Excelで「CSV UTF-8」（または「CSV」）形式で保存し直してから"
        "アップロードしてください。"
    ]


def test_undecodable_bytes_name_their_line(world, batch):
    data = csv_bytes(shop_rows(5), encoding="utf-8")
    data = data.replace("店舗4".encode(), b"\x82\xff")  # neither UTF-8 nor cp932
    messages = _refusal(batch, data, world.director)
    assert messages[0].startswith("5行目：ファイルの文字コードが")


def test_gold_rows_and_redundancy(world, task_subtask):
    batch = batches.batch_create(
        subtask=task_subtask, by=world.director, instructions="入力",
        input_fields=["店名"], answer_fields=["電話番号"], unit_reward=20,
        redundancy=3,
    )  # fmt: skip
    data = csv_bytes(["店舗1,", "店舗2,03-1234-5678"], header="店名,gold:電話番号")
    assert batches.batch_import_csv(batch=batch, by=world.director, data=data) == 6
    gold = batch.units.filter(row_number=2)
    assert [u.replica for u in gold] == [1, 2, 3]
    assert {str(u.gold_answer) for u in gold} == {"{'電話番号': '03-1234-5678'}"}
    assert Subtask.objects.get(pk=batch.subtask_id).reward == 120  # 6 × ¥20


def test_a_second_file_continues_the_row_numbers(world, batch):
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(2))
    )
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(2, start=3))
    )
    assert list(batch.units.values_list("row_number", flat=True)) == [1, 2, 3, 4]


def test_only_the_engagements_director_imports(world, batch):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        batches.batch_import_csv(
            batch=batch, by=world.other_director, data=csv_bytes(shop_rows(1))
        )
