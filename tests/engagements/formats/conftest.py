import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from engagements.services import decomposition, intake, quotes
from engagements.services.quotes import LineInput
from workers.models import Certification, CertificationLevel, WorkerSkill

from .. import factories as f


@pytest.fixture
def planning(world, quoted):
    """world.client's engagement, contracted and being planned by world.director."""
    quotes.quote_accept(quote=quoted, by=world.contact, ip=None)
    engagement = quoted.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    engagement.refresh_from_db()
    return engagement


def certify(worker, category, level="certified", skill=None):
    """Give ``worker`` a held certification in ``category`` (and a skill)."""
    Certification.objects.update_or_create(
        worker=worker,
        category=category,
        defaults={
            "level": CertificationLevel.objects.get(code=level),
            "since": timezone.localdate(),
        },
    )
    if skill is not None:
        WorkerSkill.objects.get_or_create(
            profile=worker.worker_profile, skill=skill, defaults={"self_level": 3}
        )
    return worker


def make_subtask(engagement, director, work_format, **fields):
    return decomposition.subtask_create(
        engagement=engagement,
        by=director,
        title=fields.pop("title", "作業"),
        instructions=fields.pop("instructions", "指示どおりに作業してください"),
        deliverable_spec=fields.pop("deliverable_spec", "成果物"),
        reward=fields.pop("reward", 10_000),
        due_at=fields.pop("due_at", f.in_days(7)),
        work_format=work_format,
        **fields,
    )


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def task_subtask(world, planning):
    return make_subtask(planning, world.director, "task", title="店舗データ入力")


@pytest.fixture
def batch(world, task_subtask):
    """A draft batch: shop name and address in, phone number and hours out."""
    from engagements.services import batches

    return batches.batch_create(
        subtask=task_subtask,
        by=world.director,
        instructions="店舗の公式サイトを見て電話番号と営業時間を入力してください。",
        input_fields=["店名", "住所"],
        answer_fields=["電話番号", "営業時間"],
        unit_reward=30,
    )


def csv_bytes(rows, header="店名,住所", encoding="utf-8-sig") -> bytes:
    return (header + "\r\n" + "".join(r + "\r\n" for r in rows)).encode(encoding)


def shop_rows(n, start=1):
    return [f"店舗{i},東京都千代田区{i}-1" for i in range(start, start + n)]


@pytest.fixture
def hourly_planning(world):
    """A second engagement of world.client being planned, its accepted quote
    記事作成 10 本 × ¥19,800 and 運用代行 40 時間 × ¥2,999 billed by the hour."""
    engagement = intake.engagement_create(
        client=world.client, by=world.sales, title="サイト運用と記事作成",
        category=world.category, purpose="サイトの更新", deliverables="記事と更新作業",
        acceptance_criteria="依頼どおりであること",
        deadline=timezone.localdate() + datetime.timedelta(days=30), budget=400_000,
    )  # fmt: skip
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    quote = quotes.quote_save(
        engagement=engagement, by=world.sales,
        lines=[
            LineInput("記事作成", Decimal("10"), "本", 19_800),
            LineInput("運用代行", Decimal("40"), "時間", 2_999, billed_hourly=True),
        ],
        valid_until=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    quote = quotes.quote_send(quote=quote, by=world.sales)
    quotes.quote_accept(quote=quote, by=world.contact, ip=None)
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    engagement.refresh_from_db()
    return engagement
