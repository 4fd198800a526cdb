"""The client's deliverables of the other formats: a competition hands over
the winning entry's files only (the other entries' rights do not pass), a
task batch its approved answers as a CSV for Excel -- and neither tells the
client who did the work. Another company's contact and an engagement not
yet delivered get 404."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.models import EntryFile, Subtask, TaskBatch
from engagements.services import (
    batch_review,
    batches,
    competition,
    decomposition,
    delivery,
)

from .. import factories as f
from ..test_client_deliverables import _ordered
from .conftest import certify, csv_bytes, make_subtask

ALICE_ANSWER = {"電話番号": "03-1111-2222", "営業時間": "10時～19時"}
BOB_ANSWER = {"電話番号": "03-9999-0000", "営業時間": "終日営業"}


def _contest(world, engagement, title, days=3):
    """A competition with Alice's and Bob's entries; Alice's wins."""
    subtask = make_subtask(
        engagement, world.director, "competition", title=title,
        reward=50_000, due_at=f.in_days(days),
    )  # fmt: skip
    competition.competition_open(subtask=subtask, by=world.director)
    won = competition.entry_submit(
        subtask=subtask, by=world.alice, note="A案",
        files=[SimpleUploadedFile("logo-a.png", b"PNG-A", "image/png")],
    )  # fmt: skip
    competition.entry_submit(
        subtask=subtask, by=world.bob, note="B案",
        files=[SimpleUploadedFile("logo-b.png", b"PNG-B", "image/png")],
    )  # fmt: skip
    Subtask.objects.filter(pk=subtask.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    competition.competition_award(entry=won, by=world.director)
    return subtask


def _batch(world, engagement, title, days=7):
    """Three shops: Alice's two answers approved, Bob's one rejected."""
    subtask = make_subtask(
        engagement, world.director, "task", title=title, due_at=f.in_days(days)
    )
    batch = batches.batch_create(
        subtask=subtask, by=world.director, instructions="電話番号と営業時間を入力",
        input_fields=["店名", "住所"], answer_fields=["電話番号", "営業時間"],
        unit_reward=30,
    )  # fmt: skip
    rows = [f"店舗{i},東京都千代田区{i}-1" for i in (1, 2, 3)]
    batches.batch_import_csv(batch=batch, by=world.director, data=csv_bytes(rows))
    batches.batch_publish(batch=batch, by=world.director)
    batch.refresh_from_db()
    answered = ((world.alice, 2, ALICE_ANSWER), (world.bob, 1, BOB_ANSWER))
    for worker, count, answer in answered:
        for unit in batches.units_claim(batch=batch, by=worker, count=count):
            batches.unit_submit(unit=unit, by=worker, answer=answer)
    batch_review.units_approve(
        batch=batch, by=world.director, unit_ids=_unit_ids(batch, world.alice)
    )
    batch_review.units_reject(
        batch=batch, by=world.director, reason_code="instructions",
        note="営業時間の書き方が指示と違います。",
        unit_ids=_unit_ids(batch, world.bob),
    )  # fmt: skip
    batches.batch_close(batch=batch, by=world.director)
    return batch


def _unit_ids(batch, worker) -> list[int]:
    return list(batch.units.filter(claimed_by=worker).values_list("pk", flat=True))


def _deliver(world, engagement):
    decomposition.engagement_start_work(
        engagement=engagement, by=world.director, over_budget_reason="コンペ賞金"
    )
    delivery.engagement_deliver(
        engagement=engagement, by=world.director, note="成果物を納品します。"
    )
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def finished(world, planning):
    """ロゴ案 (a competition Alice won over Bob) and 店舗データ入力 (a batch),
    both approved, not delivered yet."""
    world.alice.last_name, world.alice.first_name = "作業", "一郎"
    world.alice.save()
    for worker in (world.alice, world.bob):
        certify(worker, world.category, skill=f.article_skill())
    _contest(world, planning, "ロゴ案")
    _batch(world, planning, "店舗データ入力")
    return planning


@pytest.fixture
def delivered(world, finished):
    return _deliver(world, finished)


def _entry_url(engagement, name):
    file = EntryFile.objects.get(original_name=name)
    return reverse(
        "engagements:client_deliverable_entry_file", args=[engagement.pk, file.pk]
    )


def _csv_url(engagement):
    batch = TaskBatch.objects.get(subtask__engagement=engagement)
    return reverse(
        "engagements:client_deliverable_batch_csv", args=[engagement.pk, batch.pk]
    )


def _zip_url(engagement):
    return reverse("engagements:client_deliverables_zip", args=[engagement.pk])


def _download_urls(engagement) -> list[str]:
    """The winner's file, the batch CSV and the ZIP."""
    return [
        _entry_url(engagement, "logo-a.png"),
        _csv_url(engagement),
        _zip_url(engagement),
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _rows(page) -> list[tuple[str, str]]:
    section = page.split('id="deliverables"')[1].split("</section>")[0]
    return [
        (title.strip(), re.sub(r"<[^>]+>", "", link).strip())
        for title, link in re.findall(
            r"<tr>\s*<td>(.*?)</td>\s*<td>\s*<a [^>]*>(.*?)</a>", section, re.S
        )
    ]


def test_the_page_lists_the_winners_files_and_the_batch_results(
    world, client, delivered
):
    client.force_login(world.contact)
    page = client.get(f"/engagements/portal/{delivered.pk}/").content.decode()
    assert _rows(page) == [
        ("ロゴ案", "logo-a.png"),
        ("店舗データ入力", "店舗データ入力.csv"),
    ]
    assert _entry_url(delivered, "logo-a.png") in page
    assert _csv_url(delivered) in page
    assert "logo-b.png" not in page


def test_the_contact_downloads_the_winning_entry(world, client, delivered):
    client.force_login(world.contact)
    response = client.get(_entry_url(delivered, "logo-a.png"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="logo-a.png"'
    assert _body(response) == b"PNG-A"


def test_a_losing_entrys_file_is_404(world, client, delivered):
    client.force_login(world.contact)
    assert client.get(_entry_url(delivered, "logo-b.png")).status_code == 404


def test_the_batch_csv_holds_the_approved_answers_without_workers(
    world, client, delivered
):
    client.force_login(world.contact)
    response = client.get(_csv_url(delivered))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''%E5%BA%97" in response["Content-Disposition"]
    data = _body(response)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "行,複製,店名,住所,電話番号,営業時間,チェック用,状態,提出日時,レビュー日時,理由コード"
    )
    answers = [line.split(",")[:6] for line in lines[1:]]
    assert answers == [
        ["1", "1", "店舗1", "東京都千代田区1-1", "03-1111-2222", "10時～19時"],
        ["2", "1", "店舗2", "東京都千代田区2-1", "03-1111-2222", "10時～19時"],
    ]
    text = data.decode("utf-8-sig")
    assert "03-9999-0000" not in text  # Bob's rejected answer
    assert not re.search(r"alice|bob|作業|一郎|ワーカー", text), text


def test_the_zip_holds_the_winners_files_and_the_batch_csv(world, client, delivered):
    client.force_login(world.contact)
    response = client.get(_zip_url(delivered))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert archive.namelist() == [
        "ロゴ案/logo-a.png",
        "店舗データ入力/店舗データ入力.csv",
    ]
    assert archive.read("ロゴ案/logo-a.png") == b"PNG-A"
    results = archive.read("店舗データ入力/店舗データ入力.csv")
    assert results == _body(client.get(_csv_url(delivered)))


def test_another_companys_contact_gets_404(world, client, delivered):
    client.force_login(world.other_contact)
    for url in _download_urls(delivered):
        assert client.get(url).status_code == 404, url


def test_nothing_is_downloadable_before_delivery(world, client, finished):
    client.force_login(world.contact)
    page = client.get(f"/engagements/portal/{finished.pk}/").content.decode()
    assert 'id="deliverables"' not in page and "logo-a.png" not in page
    for url in _download_urls(finished):
        assert client.get(url).status_code == 404, url


def test_a_batch_of_another_engagement_is_404_under_this_one(world, client, delivered):
    other = _deliver(world, _with_batches(world, _ordered(world, "別の案件"), 1))
    client.force_login(world.contact)
    theirs = TaskBatch.objects.get(subtask__engagement=other)
    url = reverse(
        "engagements:client_deliverable_batch_csv", args=[delivered.pk, theirs.pk]
    )
    assert client.get(url).status_code == 404


def _with_batches(world, engagement, count):
    for n in range(count):
        _batch(world, engagement, f"入力 {n + 1}", days=7 + n)
    return engagement


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_runs_the_same_queries_for_one_and_three_of_each(
    world, client, finished
):
    engagement = _ordered(world, "大きな案件")
    for n in range(3):
        _contest(world, engagement, f"コンペ {n + 1}", days=3 + n)
    small = _deliver(world, finished)
    large = _deliver(world, _with_batches(world, engagement, 3))
    client.force_login(world.contact)
    _queries(client, f"/engagements/portal/{small.pk}/")  # warms caches
    counts = [_queries(client, f"/engagements/portal/{e.pk}/") for e in (small, large)]
    assert counts[0] == counts[1], counts
    page = client.get(f"/engagements/portal/{large.pk}/").content.decode()
    assert len(_rows(page)) == 6
