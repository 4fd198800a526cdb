"""The format pages as each person uses them: director, worker, client."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.models import CompetitionEntry, Subtask, TaskUnit, WeeklyTimesheet
from engagements.services import batches, competition
from tests.once import once

from .. import factories as f
from .conftest import certify, csv_bytes, make_subtask, shop_rows


@pytest.fixture
def open_batch(world, batch):
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(12))
    )
    batches.batch_publish(batch=batch, by=world.director)
    batch.refresh_from_db()
    return batch


def _url(name, *args):
    return reverse(f"engagements:{name}", args=args)


def test_batch_page_shows_progress_and_polls_json(client, world, open_batch):
    batches.units_claim(batch=open_batch, by=world.alice, count=2)
    client.force_login(world.director)
    page = client.get(_url("batch_detail", open_batch.pk))
    assert page.status_code == 200
    assert "進捗" in page.content.decode()
    data = client.get(_url("batch_progress", open_batch.pk)).json()
    assert (data["total"], data["open"], data["claimed"]) == (12, 10, 2)
    assert data["claimed_pct"] == 16.7


@pytest.mark.parametrize("who, status", [("other_director", 404), ("alice", 403)])
def test_batch_page_is_for_its_director(client, world, open_batch, who, status):
    client.force_login(getattr(world, who))
    assert client.get(_url("batch_detail", open_batch.pk)).status_code == status
    assert client.get(_url("batch_progress", open_batch.pk)).status_code == status


def test_import_refusal_is_shown_with_the_lines(client, world, batch):
    client.force_login(world.director)
    bad = SimpleUploadedFile("shops.csv", csv_bytes(["店舗1,"]), "text/csv")
    page = client.post(_url("batch_import", batch.pk), {"file": bad}, follow=True)
    assert "2行目：「住所」が空です。" in page.content.decode()
    assert TaskUnit.objects.count() == 0


def test_worker_claims_answers_and_the_director_approves(client, world, open_batch):
    client.force_login(world.alice)
    listing = client.get(_url("worker_tasks"))
    assert "店舗データ入力" in listing.content.decode()
    response = client.post(_url("worker_batch", open_batch.pk), {"count": 2})
    unit = TaskUnit.objects.filter(claimed_by=world.alice).order_by("id").first()
    assert response.url == _url("worker_unit", unit.pk)
    page = client.get(response.url)
    assert "東京都千代田区1-1" in page.content.decode()
    answer = {"a0": "03-1111-2222", "a1": "10時～19時"}
    response = client.post(_url("worker_unit", unit.pk), answer)
    unit.refresh_from_db()
    assert unit.state == "submitted"
    assert unit.answer == {"電話番号": "03-1111-2222", "営業時間": "10時～19時"}
    # On to the second claimed unit.
    second = TaskUnit.objects.get(claimed_by=world.alice, state="claimed")
    assert response.url == _url("worker_unit", second.pk)
    client.force_login(world.bob)
    assert client.get(_url("worker_unit", unit.pk)).status_code == 404

    client.force_login(world.director)
    review = client.get(_url("batch_review", open_batch.pk) + "?view=oldest")
    assert "03-1111-2222" in review.content.decode()
    client.post(_url("batch_review", open_batch.pk), {"decision": "approve_all"})
    unit.refresh_from_db()
    assert unit.state == "approved"


def test_results_csv_has_a_bom_and_each_units_worker_and_status(
    client, world, open_batch
):
    (unit,) = batches.units_claim(batch=open_batch, by=world.alice)
    batches.unit_submit(
        unit=unit, by=world.alice, answer={"電話番号": "03", "営業時間": "終日"}
    )
    client.force_login(world.director)
    response = client.get(_url("batch_results", open_batch.pk))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "行,複製,店名,住所,電話番号,営業時間,チェック用,ワーカーID,ワーカー,状態,"
        "提出日時,レビュー日時,理由コード"
    )
    assert lines[1].startswith("1,1,店舗1,東京都千代田区1-1,03,終日,,alice,")
    assert ",提出済," in lines[1]
    assert lines[2].startswith("2,1,店舗2,東京都千代田区2-1,,,,,,未着手,")


def test_worker_task_list_queries_do_not_grow_with_batches(client, world, planning):
    client.force_login(world.alice)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("worker_tasks")).status_code == 200
        return len(queries)

    def add_batch(n):
        subtask = make_subtask(planning, world.director, "task", title=f"入力{n}")
        batch = batches.batch_create(
            subtask=subtask, by=world.director, instructions="入力",
            input_fields=["店名"], answer_fields=["電話番号"], unit_reward=10,
        )  # fmt: skip
        batches.batch_import_csv(
            batch=batch, by=world.director, data=csv_bytes(["A", "B"], header="店名")
        )
        batches.batch_publish(batch=batch, by=world.director)

    add_batch(1)
    one = count()
    add_batch(2)
    add_batch(3)
    assert count() == one


@pytest.fixture
def contest(world, planning):
    certify(world.alice, world.category, skill=f.article_skill())
    certify(world.bob, world.category, skill=f.article_skill())
    subtask = make_subtask(
        planning, world.director, "competition", title="ロゴ案", reward=30_000
    )
    competition.competition_open(
        subtask=subtask, by=world.director, participation_reward=2_000
    )
    return subtask


def test_worker_sends_an_entry_and_sees_only_their_own(client, world, contest):
    client.force_login(world.alice)
    page = client.get(_url("worker_competition", contest.pk))
    assert "採用作品の権利のみがクライアントに移転します" in page.content.decode()
    logo = SimpleUploadedFile("logo.png", b"PNG", content_type="image/png")
    client.post(
        _url("worker_competition", contest.pk), {"files": [logo], "note": "A案"}
    )
    entry = CompetitionEntry.objects.get(worker=world.alice)
    competition.entry_submit(
        subtask=contest, by=world.bob, note="B案",
        files=[SimpleUploadedFile("b.png", b"B", content_type="image/png")],
    )  # fmt: skip
    page = client.get(_url("worker_competition", contest.pk)).content.decode()
    assert "logo.png" in page and "b.png" not in page
    file_pk = entry.files.get().pk
    assert client.get(_url("entry_file", file_pk)).status_code == 200
    client.force_login(world.bob)
    assert client.get(_url("entry_file", file_pk)).status_code == 404


def test_client_picks_the_winner_from_the_shortlist(client, world, contest):
    entry = competition.entry_submit(
        subtask=contest, by=world.alice, note="A案",
        files=[SimpleUploadedFile("a.png", b"A", content_type="image/png")],
    )  # fmt: skip
    competition.entry_shortlist(entry=entry, by=world.director)
    Subtask.objects.filter(pk=contest.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(world.other_contact)
    assert client.get(_url("client_competition", contest.pk)).status_code == 404
    client.force_login(world.contact)
    page = client.get(_url("client_competition", contest.pk)).content.decode()
    assert f"応募No.{entry.pk}を採用する" in page
    # The client sees entries, not who made them (a whole word: not in a token).
    assert not re.search(r"\balice\b", page)
    assert client.get(_url("entry_file", entry.files.get().pk)).status_code == 200
    client.post(
        _url("client_competition", contest.pk), once(entry=entry.pk, message="")
    )
    contest.refresh_from_db()
    assert (contest.state, contest.assignee) == ("approved", world.alice)


def test_director_approves_a_logged_week(client, world, planning):
    from decimal import Decimal

    from engagements.services import assignment, hourly

    subtask = make_subtask(planning, world.director, "project", title="運用代行")
    hourly.hourly_terms_set(
        subtask=subtask,
        by=world.director,
        hourly_rate=2_000,
        weekly_cap_hours=Decimal("10"),
    )
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )
    assignment.offer_accept(offer=offer, by=world.alice)
    monday = hourly.week_start(timezone.localdate()) - datetime.timedelta(weeks=1)
    client.force_login(world.alice)
    mine = client.get(_url("worker_hours_subtask", subtask.pk)).content.decode()
    assert 'aria-label="パンくずリスト"' in mine
    client.post(
        _url("worker_hours_subtask", subtask.pk),
        {"date": monday.isoformat(), "hours": "12", "note": "更新作業"},
    )
    sheet = WeeklyTimesheet.objects.get(subtask=subtask)
    assert sheet.hours_logged == Decimal("12")
    client.force_login(world.director)
    page = client.get(_url("timesheet_detail", sheet.pk)).content.decode()
    assert "週の上限を超えています" in page
    assert 'aria-label="パンくずリスト"' in page and "週次稼働表" in page
    client.post(_url("timesheet_detail", sheet.pk), {"decision": "approve"})
    sheet.refresh_from_db()
    assert (sheet.state, sheet.reward) == ("approved", 20_000)  # capped at 10 h


def test_director_home_queries_do_not_grow(client, world, planning):
    client.force_login(world.director)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("formats_home")).status_code == 200
        return len(queries)

    def add(n):
        task = make_subtask(planning, world.director, "task", title=f"入力{n}")
        batches.batch_create(
            subtask=task, by=world.director, instructions="入力",
            input_fields=["店名"], answer_fields=["電話番号"], unit_reward=10,
        )  # fmt: skip
        make_subtask(planning, world.director, "competition", title=f"ロゴ{n}")

    add(1)
    one = count()
    add(2)
    add(3)
    assert count() == one


def test_batch_and_competition_pages_state_when_the_work_is_paid(
    client, world, open_batch, contest
):
    """Task units and participation rewards have no worker order of their own:
    the page the worker reads before claiming or entering is their written
    terms (Freelance Act), so it states the pay date rule, not only the amount."""
    from enterprise.models import OperatorProfile

    operator = OperatorProfile.get()
    operator.payout_closing_day, operator.payout_pay_day = 0, 0
    operator.payout_month_offset = 1
    operator.save()
    client.force_login(world.alice)
    batch_page = client.get(_url("worker_batch", open_batch.pk)).content.decode()
    assert "毎月末日締切、翌月末日支払" in batch_page
    assert "システム利用料なし" in batch_page
    operator.payout_closing_day, operator.payout_pay_day = 20, 10
    operator.payout_month_offset = 2
    operator.save()
    contest_page = client.get(_url("worker_competition", contest.pk)).content.decode()
    assert "毎月20日締切、翌々月10日支払" in contest_page


def _open_projects(planning, count, start=0):
    Subtask.objects.bulk_create(
        Subtask(
            engagement=planning,
            title=f"時給作業{start + n:03d}",
            instructions="指示",
            deliverable_spec="仕様",
            reward=10_000,
            due_at=f.in_days(5 + n),
            work_format=Subtask.Format.PROJECT,
            state=Subtask.State.OPEN,
        )  # fmt: skip
        for n in range(count)
    )


def test_director_home_shows_the_first_50_open_projects_and_how_many(
    client, world, planning
):
    """A director with thousands of open project subtasks got a button for
    every one (a second to render at an operator's size): now the first 50,
    soonest due, and the total, in the same queries as with two."""
    client.force_login(world.director)
    url = _url("formats_home")
    _open_projects(planning, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _open_projects(planning, 53, start=2)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert len(small) == len(large) <= 15
    assert "時給作業049" in page and "時給作業050" not in page
    assert "全55件のうち最初の50件を表示しています。" in page


def test_director_home_lists_open_projects_soonest_due_first(client, world, planning):
    """The hourly candidates are the open project subtasks, soonest due first
    (ties by creation), whatever order they were made in; assigned ones are
    not candidates."""
    due = {"時給C": 3, "時給A": 1, "時給B": 2, "時給A2": 1}
    Subtask.objects.bulk_create(
        Subtask(
            engagement=planning,
            title=title,
            instructions="指示",
            deliverable_spec="仕様",
            reward=10_000,
            due_at=f.in_days(days),
            work_format=Subtask.Format.PROJECT,
            state=Subtask.State.OPEN,
        )  # fmt: skip
        for title, days in due.items()
    )
    make_subtask(planning, world.director, "project", title="時給済")
    Subtask.objects.filter(title="時給済").update(state=Subtask.State.ASSIGNED)
    client.force_login(world.director)
    page = client.get(_url("formats_home")).content.decode()
    shown = re.findall(r'class="button" href="[^"]*">(時給[^<( ]*)', page)
    assert shown == ["時給A", "時給A2", "時給B", "時給C"]
