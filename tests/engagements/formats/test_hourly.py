"""Hourly work: a week logged, capped, approved (or approved automatically)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engagements.models import WeeklyTimesheet
from engagements.services import assignment, hourly, quotes
from engagements.services._base import EngagementError
from enterprise.models import AuditLog

from .conftest import make_subtask


@pytest.fixture
def hourly_job(world, planning):
    """Alice holds a project subtask at ¥2,500 an hour, at most 20 hours a week."""
    subtask = make_subtask(planning, world.director, "project", title="サイト運用代行")
    hourly.hourly_terms_set(
        subtask=subtask, by=world.director, hourly_rate=2_500,
        weekly_cap_hours=Decimal("20"),
    )  # fmt: skip
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )
    assignment.offer_accept(offer=offer, by=world.alice)
    subtask.refresh_from_db()
    return subtask


def _monday(weeks_ago: int) -> datetime.date:
    today = timezone.localdate()
    return hourly.week_start(today) - datetime.timedelta(weeks=weeks_ago)


def _log(subtask, worker, monday, *hours):
    for offset, h in enumerate(hours):
        hourly.time_entry_log(
            subtask=subtask, by=worker, date=monday + datetime.timedelta(days=offset),
            hours=Decimal(h), note="記事の入稿と画像調整",
        )  # fmt: skip
    return WeeklyTimesheet.objects.get(subtask=subtask, week_start=monday)


def test_a_week_over_the_cap_is_approved_at_the_cap(world, hourly_job, mailoutbox):
    sheet = _log(hourly_job, world.alice, _monday(1), "8", "8", "6.5")
    assert sheet.hours_logged == Decimal("22.50")
    assert sheet.week_start.weekday() == 0
    with pytest.raises(PermissionDenied):
        hourly.timesheet_approve(sheet=sheet, by=world.other_director)
    sheet = hourly.timesheet_approve(sheet=sheet, by=world.director)
    assert (sheet.state, sheet.hours_approved, sheet.reward) == (
        "approved", Decimal("20"), 50_000,
    )  # fmt: skip
    assert sheet.client_amount is None  # the client pays the quoted price
    log = AuditLog.objects.get(action="engagements.timesheet.approved")
    assert log.data["capped"] is True
    with pytest.raises(EngagementError):  # an approved week is closed
        _log(hourly_job, world.alice, _monday(1), "1")


def test_the_director_may_approve_past_the_cap_with_a_reason(world, hourly_job):
    sheet = _log(hourly_job, world.alice, _monday(1), "8", "8", "6.5")
    sheet = hourly.timesheet_approve(
        sheet=sheet, by=world.director, override_reason="公開前の緊急対応を依頼したため"
    )
    assert (sheet.hours_approved, sheet.reward) == (Decimal("22.50"), 56_250)
    assert sheet.override_reason == "公開前の緊急対応を依頼したため"


def test_unapproved_weeks_are_approved_automatically(world, hourly_job):
    sheet = _log(hourly_job, world.alice, _monday(1), "7.75")
    # Sunday plus the three approval days.
    assert sheet.approve_by == sheet.week_start + datetime.timedelta(days=9)
    assert hourly.timesheets_auto_approve(today=sheet.approve_by) == 0
    day_after = sheet.approve_by + datetime.timedelta(days=1)
    assert hourly.timesheets_auto_approve(today=day_after) == 1
    assert hourly.timesheets_auto_approve(today=day_after) == 0
    sheet.refresh_from_db()
    assert (sheet.state, sheet.approved_automatically, sheet.reward) == (
        "approved",
        True,
        19_375,
    )  # 7.75 h × ¥2,500


def test_hours_are_floored_to_the_yen_and_billed_hourly_when_quoted(
    world, hourly_planning
):
    subtask = make_subtask(
        hourly_planning, world.director, "project", title="データ整備"
    )
    line = quotes.hourly_quote_lines(hourly_planning).get()  # ¥2,999 an hour
    hourly.hourly_terms_set(
        subtask=subtask, by=world.director, hourly_rate=1_333,
        weekly_cap_hours=Decimal("10"), client_quote_line=line,
    )  # fmt: skip
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.bob, by=world.director
    )
    assignment.offer_accept(offer=offer, by=world.bob)
    sheet = _log(subtask, world.bob, _monday(2), "7.75")
    sheet = hourly.timesheet_approve(sheet=sheet, by=world.director)
    assert sheet.reward == 10_330  # 10,330.75 floored
    assert sheet.client_amount == 23_242  # 23,242.25 floored


def test_a_questioned_week_waits_for_the_worker(world, hourly_job):
    sheet = _log(hourly_job, world.alice, _monday(1), "4")
    sheet = hourly.timesheet_question(
        sheet=sheet, by=world.director, question="火曜の作業内容を教えてください"
    )
    assert sheet.state == "questioned"
    far = timezone.localdate() + datetime.timedelta(days=30)
    assert hourly.timesheets_auto_approve(today=far) == 0  # it waits
    tuesday = sheet.week_start + datetime.timedelta(days=1)
    hourly.time_entry_log(
        subtask=hourly_job, by=world.alice, date=tuesday, hours=Decimal("1.5"),
        note="火曜：画像の差し替え",
    )  # fmt: skip
    sheet.refresh_from_db()
    assert (sheet.state, sheet.hours_logged) == ("pending", Decimal("5.50"))


def test_logging_is_checked(world, hourly_job):
    monday = _monday(0)
    with pytest.raises(PermissionDenied):
        _log(hourly_job, world.bob, _monday(1), "1")
    with pytest.raises(EngagementError) as caught:
        _log(hourly_job, world.alice, _monday(1), "0.1")
    assert caught.value.messages == [
        "時間は0.25時間単位で、0.25から24までの値を入力してください。"
    ]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(EngagementError):
        hourly.time_entry_log(
            subtask=hourly_job, by=world.alice, date=tomorrow, hours="1", note="先行"
        )
    sheet = _log(hourly_job, world.alice, monday, "1")
    with pytest.raises(EngagementError):  # the week is not over yet
        hourly.timesheet_approve(sheet=sheet, by=world.director)


def test_terms_are_set_before_the_offer(world, hourly_job):
    with pytest.raises(EngagementError):
        hourly.hourly_terms_set(
            subtask=hourly_job, by=world.director, hourly_rate=3_000,
            weekly_cap_hours=Decimal("10"),
        )  # fmt: skip


def test_the_directors_timesheet_pages_name_the_worker_by_display_name(
    client, world, hourly_job
):
    from workers.models import WorkerProfile

    WorkerProfile.objects.filter(user=world.alice).update(display_name="小林 翔")
    sheet = _log(hourly_job, world.alice, _monday(1), "4")
    client.force_login(world.director)
    for url in (
        "/engagements/formats/timesheets/",
        f"/engagements/formats/timesheets/{sheet.pk}/",
    ):
        html = client.get(url).content.decode()
        assert "小林 翔" in html, url
        assert ">alice<" not in html and "/ alice<" not in html, url
