"""The other formats are paid like subtask rewards: a shortlisted entry's
participation reward, approved task units (one line per worker and batch),
an approved hourly week. Each worker's statement, the Zengin file, the
transfer, and nothing paid twice.

Workers are registered (tax added at 10%); writing is withheld (10.21% of
the amount without tax), data entry ("tasks") is not.
"""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagements.models import (
    ParticipationAward,
    Subtask,
    TaskUnit,
    WeeklyTimesheet,
)
from engagements.services import (
    batch_review,
    batches,
    competition,
    decomposition,
)
from invoicing.models import PaidTaskUnit, PayoutLine
from invoicing.services import payouts
from invoicing.services.payouts.documents import payout_statement_pdf
from invoicing.services.payouts.exports import zengin_file
from invoicing.zengin import parse_transfer_file
from tests.engagements import factories as ef
from tests.engagements.formats.conftest import certify, csv_bytes, shop_rows

from .factories import approved_week, planning_engagement

ANSWER = {"電話番号": "03-1111-2222", "営業時間": "10時～19時"}


def _subtask(engagement, director, work_format, title, reward=10_000):
    return decomposition.subtask_create(
        engagement=engagement,
        by=director,
        title=title,
        instructions="指示どおりに作業してください",
        deliverable_spec="成果物",
        reward=reward,
        due_at=ef.in_days(3),
        work_format=work_format,
    )


def _competition(director, winner, loser) -> Subtask:
    """Prize ¥50,000 to ``winner``; ``loser`` shortlisted: ¥3,000."""
    engagement = planning_engagement(director=director)
    for worker in (winner, loser):
        certify(worker, engagement.category, skill=ef.article_skill())
    subtask = _subtask(engagement, director, "competition", "キャッチコピー案", 50_000)
    competition.competition_open(
        subtask=subtask, by=director, participation_reward=3_000
    )
    entries = [
        competition.entry_submit(
            subtask=subtask,
            by=worker,
            note="案",
            files=[SimpleUploadedFile("a.png", content, content_type="image/png")],
        )
        for worker, content in ((winner, b"A"), (loser, b"B"))
    ]
    competition.entry_shortlist(entry=entries[1], by=director)
    Subtask.objects.filter(pk=subtask.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    competition.competition_award(entry=entries[0], by=director)
    return subtask


def _batch(director):
    """Twenty shop rows at ¥30 a unit, in the data-entry category."""
    engagement = planning_engagement(director=director, category_code="tasks")
    subtask = _subtask(engagement, director, "task", "店舗データ入力")
    batch = batches.batch_create(
        subtask=subtask,
        by=director,
        instructions="電話番号と営業時間を入力してください。",
        input_fields=["店名", "住所"],
        answer_fields=["電話番号", "営業時間"],
        unit_reward=30,
    )
    batches.batch_import_csv(batch=batch, by=director, data=csv_bytes(shop_rows(20)))
    batches.batch_publish(batch=batch, by=director)
    batch.refresh_from_db()
    return batch


def _answer(batch, worker, count) -> list[TaskUnit]:
    units = batches.units_claim(batch=batch, by=worker, count=count)
    return [batches.unit_submit(unit=u, by=worker, answer=ANSWER) for u in units]


def _hourly_week(director, worker, hours=("4", "4")) -> WeeklyTimesheet:
    """Last week of a ¥2,500-an-hour writing job, approved."""
    engagement = planning_engagement(director=director)
    subtask = _subtask(engagement, director, "project", "サイト運用代行", 100_000)
    return approved_week(subtask, director=director, worker=worker, hours=hours)


@pytest.fixture
def formats(operator, director, yamada, sato, suzuki):
    """Yamada wins the competition, Sato is shortlisted; both answer units
    (one of Sato's is rejected); Suzuki's hourly week is approved."""
    contest = _competition(director, winner=yamada, loser=sato)
    batch = _batch(director)
    _answer(batch, yamada, 4)
    sato_units = _answer(batch, sato, 3)
    rejected = sato_units[0]
    batch_review.units_reject(
        batch=batch,
        by=director,
        unit_ids=[rejected.pk],
        reason_code="incomplete",
        note="営業時間が空欄です",
    )
    batch_review.units_approve(batch=batch, by=director)
    sheet = _hourly_week(director, suzuki)
    return {"contest": contest, "batch": batch, "rejected": rejected, "sheet": sheet}


def _pay_date():
    return max(PayoutLine.objects.values_list("pay_date", flat=True))


def test_each_worker_is_paid_their_formats_on_one_statement(
    formats, finance, yamada, sato, suzuki
):
    assert payouts.payout_lines_collect_formats() == 4
    assert payouts.payout_lines_collect_formats() == 0  # nothing twice
    pay_date = _pay_date()

    statements = {
        s.worker: s for s in payouts.payout_run(pay_date=pay_date, by=finance)
    }

    lines = {
        worker: sorted((line.kind, line.amount) for line in statement.lines.all())
        for worker, statement in statements.items()
    }
    assert lines == {
        yamada: [("reward", 50_000), ("task_units", 120)],
        sato: [("participation", 3_000), ("task_units", 60)],
        suzuki: [("hours", 20_000)],
    }
    figures = {
        worker.username: (s.subtotal, s.consumption_tax, s.withholding, s.net)
        for worker, s in statements.items()
    }
    assert figures == {
        # Prize 50,000 withheld 5,105; the units are not withheld.
        "yamada": (50_120, 5_012, 5_105, 50_027),
        # 3,000 participation withheld 306 (10.21%, floored).
        "sato": (3_060, 306, 306, 3_060),
        # 8 h × ¥2,500, writing: withheld 2,042.
        "suzuki": (20_000, 2_000, 2_042, 19_958),
    }
    sato_units = statements[sato].lines.get(kind="task_units")
    assert sato_units.quantity == 2
    assert sato_units.description == "タスク：店舗データ入力（2 × ¥30）"
    assert statements[sato].lines.get(kind="participation").description == (
        "参加報酬：キャッチコピー案"
    )
    assert (
        statements[suzuki]
        .lines.get()
        .description.startswith("稼働時間：サイト運用代行")
    )

    _header, transfers, trailer = parse_transfer_file(
        zengin_file(pay_date=pay_date, by=finance), year=pay_date.year
    )
    assert sorted(t.amount for t in transfers) == [3_060, 19_958, 50_027]
    assert (trailer.count, trailer.total) == (3, 73_045)
    # A second run pays nothing again.
    assert payouts.payout_run(pay_date=pay_date, by=finance) == []


def test_an_upheld_appeal_is_paid_in_the_next_run(formats, finance, director, sato):
    first = payouts.payout_run(pay_date=_pay_date(), by=finance)
    rejected = formats["rejected"]
    assert not PaidTaskUnit.objects.filter(unit=rejected).exists()

    appeal = batch_review.unit_appeal(
        unit=rejected, by=sato, reason="営業時間は公式サイトに記載がありません"
    )
    batch_review.appeal_decide(appeal=appeal, by=director, uphold=True, note="確認")
    second = payouts.payout_run(pay_date=_pay_date(), by=finance)

    assert len(first) == 3
    assert [(s.worker, s.subtotal, s.net) for s in second] == [(sato, 30, 33)]
    assert PaidTaskUnit.objects.get(unit=rejected).line.statement == second[0]


def test_the_confirmed_transfer_marks_each_payable_paid(formats, finance, sato):
    statements = payouts.payout_run(pay_date=_pay_date(), by=finance)
    for statement in statements:
        payouts.payout_confirm_transfer(statement=statement, by=finance)

    award = ParticipationAward.objects.get(worker=sato)
    assert award.paid_at is not None
    units = TaskUnit.objects.filter(batch=formats["batch"])
    assert units.filter(paid_at__isnull=False).count() == 6
    assert units.get(pk=formats["rejected"].pk).paid_at is None
    formats["sheet"].refresh_from_db()
    assert formats["sheet"].paid_at is not None
    formats["contest"].refresh_from_db()
    assert formats["contest"].state == "paid"


def test_the_winners_prize_is_the_competitions_reward_line(formats, yamada):
    line = PayoutLine.objects.get(subtask=formats["contest"], kind="reward")
    entry = formats["contest"].entries.get(state="won")
    assert (line.worker, line.amount, line.withholding_subject) == (
        yamada,
        50_000,
        True,
    )
    assert line.order.reward == 50_000
    # The winning entry is the deliverable: received when it was sent.
    assert line.received_on == timezone.localdate(entry.submitted_at)


def test_units_approved_later_join_the_open_line_of_their_pay_date(
    operator, director, yamada
):
    batch = _batch(director)
    _answer(batch, yamada, 2)
    batch_review.units_approve(batch=batch, by=director)
    assert payouts.payout_lines_collect_task_units() == 1
    _answer(batch, yamada, 3)
    batch_review.units_approve(batch=batch, by=director)

    assert payouts.payout_lines_collect_task_units() == 0
    line = PayoutLine.objects.get(kind="task_units")
    assert (line.quantity, line.amount) == (5, 150)
    assert line.task_units.count() == 5


def test_the_hourly_fee_follows_the_workers_order(operator, director, suzuki):
    from invoicing.models import WorkerFeePolicy

    WorkerFeePolicy.objects.create(kind="flat", rate=Decimal("0.10"))
    sheet = _hourly_week(director, suzuki, hours=("3",))

    payouts.payout_lines_collect_timesheets()

    line = PayoutLine.objects.get(timesheet=sheet)
    assert (line.amount, line.fee, line.order.fee_policy["rate"]) == (
        7_500,
        750,
        "0.1000",
    )
    assert line.received_on == sheet.week_start + datetime.timedelta(days=6)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
def test_the_workers_pages_and_pdf_show_the_format_lines(formats, finance, sato):
    payouts.payout_lines_collect_formats()
    web = Client()
    web.force_login(sato)
    expected = ["参加報酬：キャッチコピー案", "タスク：店舗データ入力（2 × ¥30）"]

    pay_dates = web.get(reverse("invoicing:my_pay_dates")).text
    statement = next(
        s
        for s in payouts.payout_run(pay_date=_pay_date(), by=finance)
        if s.worker == sato
    )
    detail = web.get(reverse("invoicing:payout_statement", args=[statement.pk])).text
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=payout_statement_pdf(statement),
        capture_output=True,
        check=True,
    ).stdout.decode()
    orders = web.get(reverse("invoicing:my_orders")).text

    assert all(text in pay_dates for text in expected)
    assert all(text in detail for text in expected)
    flat = re.sub(r"\s+", "", pdf)
    assert all(re.sub(r"\s+", "", text) in flat for text in expected)
    assert "¥3,060" in detail and "3,060" in pdf
    assert "タスクとコンペの参加報酬には個別の発注書はありません" in orders
