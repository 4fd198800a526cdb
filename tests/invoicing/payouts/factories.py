"""Builders for payout tests: workers with bank accounts, payout lines, and
an approved subtask made through the engagements services (so the worker
order and the payout line come from the real receivers)."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engagements.models import Engagement, Submission, WeeklyTimesheet
from engagements.services import assignment, decomposition, hourly, work
from enterprise.models import WorkCategory
from invoicing.models import PayoutLine
from tests.engagements import factories as ef
from tests.factories import UserFactory
from workers.models import BankAccount, WorkerProfile

_seq = itertools.count(1)


def make_worker(
    username: str,
    *,
    legal_name: str = "山田 太郎",
    kind: str = WorkerProfile.Kind.INDIVIDUAL,
    registration_number: str = "T1234567890123",
    bank: dict | None = None,
    with_bank: bool = True,
    roles=("worker",),
):
    """A worker (registered for the invoice system unless told otherwise)
    with a bank account: by default the YAMADA account of japan.md §5.3."""
    user = UserFactory(username=username)
    user.groups.add(*Group.objects.filter(name__in=roles))
    profile = WorkerProfile.objects.create(
        user=user,
        kind=kind,
        legal_name=legal_name,
        legal_name_kana="ヤマダ タロウ",
        display_name=username,
        registration_number=registration_number,
    )
    if with_bank:
        account = {
            "bank_code": "0005",
            "bank_name": "三菱UFJ銀行",
            "branch_code": "123",
            "branch_name": "本店",
            "account_type": 1,
            "account_number": "7654321",
            "holder_name": "ﾔﾏﾀﾞ ﾀﾛｳ",
        } | (bank or {})
        BankAccount.objects.create(profile=profile, **account)
    return user


SATO_BANK = {
    "bank_code": "0009",
    "branch_code": "456",
    "account_number": "0012345",
    "holder_name": "ｻﾄｳ ﾊﾅｺ",
}


def make_line(
    worker,
    *,
    amount: int,
    received_on: datetime.date,
    pay_date: datetime.date,
    subject: bool = True,
    fee: int = 0,
    description: str = "記事作成",
    category: str = "writing",
    state: str = PayoutLine.State.SCHEDULED,
    flags=(),
) -> PayoutLine:
    """A payout line as the scheduler leaves it (for figures tests that need
    exact dates; the scheduler itself is tested through the receivers)."""
    return PayoutLine.objects.create(
        worker=worker,
        kind=PayoutLine.Kind.REWARD,
        description=description,
        category_code=category,
        amount=amount,
        fee=fee,
        withholding_subject=subject,
        received_on=received_on,
        pay_date=pay_date,
        latest_legal_date=received_on + datetime.timedelta(days=59),
        flags=list(flags),
        state=state,
    )


def category(code: str) -> WorkCategory:
    names = {
        "writing": ("ライティング", "Writing"),
        "design": ("デザイン", "Design"),
        "web-development": ("ウェブ開発", "Web development"),
        "tasks": ("作業", "Tasks"),
    }
    name, name_en = names.get(code, (code, code))
    found, _created = WorkCategory.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en}
    )
    return found


def planning_engagement(*, director, category_code="writing", budget=2_000_000):
    """An engagement being planned, with its director (made directly: the
    quote and contract steps are the engagements tests' business)."""
    client = ef.active_client(name=f"株式会社テスト{next(_seq)}")
    return Engagement.objects.create(
        client=client,
        title="オウンドメディア記事",
        category=category(category_code),
        purpose="認知向上",
        deliverables="記事",
        acceptance_criteria="表記ルールに沿っていること",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        budget=budget,
        director=director,
        sales_owner=ef.user_with_roles(f"sales-{next(_seq)}", "sales"),
        state=Engagement.State.PLANNING,
    )


def assigned_subtask(
    *, director, worker, engagement=None, reward=50_000, title="記事 1", **fields
):
    """A subtask offered to and accepted by ``worker``: the worker order is
    issued by the invoicing receiver."""
    engagement = engagement or planning_engagement(director=director)
    subtask = decomposition.subtask_create(
        engagement=engagement,
        by=director,
        title=title,
        instructions="構成案に沿って執筆",
        deliverable_spec="2,000字（Word形式）",
        reward=reward,
        due_at=ef.in_days(10),
        **fields,
    )
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=director)
    assignment.offer_accept(offer=offer, by=worker)
    subtask.refresh_from_db()
    return subtask


def submit(subtask, worker, *, submitted_on: datetime.date | None = None):
    upload = SimpleUploadedFile("a.txt", "本文".encode(), content_type="text/plain")
    submission = work.submission_create(
        subtask=subtask, by=worker, note="提出します", files=[upload]
    )
    if submitted_on is not None:
        moment = timezone.make_aware(
            datetime.datetime.combine(submitted_on, datetime.time(10, 0))
        )
        Submission.objects.filter(pk=submission.pk).update(submitted_at=moment)
    return submission


def approved_subtask(*, director, worker, submitted_on=None, **fields):
    """An approved subtask: the reward's payout line is scheduled by the
    invoicing receiver."""
    subtask = assigned_subtask(director=director, worker=worker, **fields)
    submission = submit(subtask, worker, submitted_on=submitted_on)
    work.review_approve(submission=submission, by=director, rating=5)
    subtask.refresh_from_db()
    return subtask


def approved_week(subtask, *, director, worker, hours, quote_line=None):
    """Last week's hours of ``worker`` on ``subtask`` at ¥2,500 an hour (capped
    at 20 h a week; billed at the unit price of ``quote_line``, an hourly line
    of the accepted quote, when given), approved."""
    hourly.hourly_terms_set(
        subtask=subtask,
        by=director,
        hourly_rate=2_500,
        weekly_cap_hours=Decimal("20"),
        client_quote_line=quote_line,
    )
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=director)
    assignment.offer_accept(offer=offer, by=worker)
    monday = hourly.week_start(timezone.localdate()) - datetime.timedelta(weeks=1)
    for offset, value in enumerate(hours):
        hourly.time_entry_log(
            subtask=subtask,
            by=worker,
            date=monday + datetime.timedelta(days=offset),
            hours=Decimal(value),
            note="記事の入稿",
        )
    sheet = WeeklyTimesheet.objects.get(subtask=subtask)
    return hourly.timesheet_approve(sheet=sheet, by=director)
