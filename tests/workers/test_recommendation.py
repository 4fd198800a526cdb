"""Recommendation: the order, the reasons, and one query however many workers."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from workers.models import Certification, CertificationLevel, WorkerCategoryStats
from workers.selectors import recommend_workers

from .factories import IncidentFactory, WorkerProfileFactory, WorkerSkillFactory

pytestmark = pytest.mark.django_db


def worker_with(article, *, name, level=3, verified=False, **profile):
    p = WorkerProfileFactory(display_name=name, **profile)
    WorkerSkillFactory(profile=p, skill=article, self_level=level, verified=verified)
    return p


def certify(profile, category, code="certified", status="active"):
    return Certification.objects.create(
        worker=profile.user,
        category=category,
        level=CertificationLevel.objects.get(code=code),
        status=status,
        since=datetime.date(2026, 1, 5),
        probation_until=datetime.date(2026, 12, 31) if status == "probation" else None,
    )


def test_ranking_with_the_reasons_of_each_rank(article, writing):
    senior = worker_with(article, name="佐藤", level=5, verified=True)
    certify(senior, writing, "senior")
    WorkerCategoryStats.objects.create(
        worker=senior.user,
        category=writing,
        approved_count=12,
        rated_count=10,
        rating_sum=48,
    )
    worker_with(article, name="鈴木", level=4)
    worker_with(article, name="田中", level=4, availability="busy")
    troubled = worker_with(article, name="高橋", level=4, verified=True)
    IncidentFactory(
        worker=troubled.user, occurred_at=timezone.now() - timedelta(days=10)
    )

    results = recommend_workers(skill=article)

    assert [r.profile.display_name for r in results] == ["佐藤", "鈴木", "高橋", "田中"]
    top = results[0]
    assert top.reasons == [
        "記事作成 レベル5（テスト合格で確認済み）",
        "ライティングのシニア認定ワーカー",
        "空き枠 3件（上限3件）",
        "対応可能",
        "過去90日間のインシデントなし",
        "ライティングでの平均評価 4.8（10件）",
        "ライティングで承認された作業 12件",
    ]
    # 50+20 skill, 2x25 senior, 3x4 capacity, +10 available, (4.8-3)x10 rating,
    # 10x2 experience (capped at 10 subtasks).
    assert [points for _text, points in top.parts] == [70, 50, 12, 10, 0, 18, 20]
    assert top.score == 180
    # 鈴木 40+12+10; 高橋 (40+20)+12+10-30; 田中 40+12-10.
    assert [r.score for r in results[1:]] == [62, 52, 42]
    assert results[2].reasons[4] == "過去90日間のインシデント 1件"
    assert results[3].reasons[3] == "多忙"


def test_probation_counts_less_than_active_certification(article, writing):
    active = worker_with(article, name="A")
    certify(active, writing)
    probation = worker_with(article, name="B")
    certify(probation, writing, status="probation")
    revoked = worker_with(article, name="C")
    certify(revoked, writing, status="revoked")
    results = recommend_workers(skill=article)
    assert [(r.profile.display_name, r.parts[1][1]) for r in results] == [
        ("A", 25),
        ("B", 10),
        ("C", 0),
    ]
    assert results[1].reasons[1] == "ライティングの認定ワーカー（保留中）"
    assert results[2].reasons[1] == "ライティングの認定なし"


def test_away_full_excluded_and_low_level_workers_are_left_out(article):
    worker_with(article, name="空きあり", level=3)
    worker_with(
        article, name="休止中", away_until=timezone.localdate(), availability="away"
    )
    worker_with(
        article,
        name="復帰済み",
        availability="away",
        away_until=timezone.localdate() - timedelta(days=1),
    )
    worker_with(article, name="満員", active_assignments=3)
    low = worker_with(article, name="初心者", level=1)
    excluded = worker_with(article, name="辞退済み", level=4)
    results = recommend_workers(
        skill=article, min_level=2, exclude_user_ids=[excluded.user_id]
    )
    assert sorted(r.profile.display_name for r in results) == ["復帰済み", "空きあり"]
    assert low.pk not in [r.profile.pk for r in results]


def test_capacity_left_is_capacity_minus_active_assignments(article):
    worker_with(article, name="A", capacity=5, active_assignments=2)
    rec = recommend_workers(skill=article)[0]
    assert (rec.capacity_left, rec.reasons[2]) == (3, "空き枠 3件（上限5件）")


def test_one_query_whatever_the_number_of_workers(
    article, writing, django_assert_num_queries
):
    for n in range(3):
        certify(worker_with(article, name=f"W{n}"), writing)
    with django_assert_num_queries(1):
        assert len(recommend_workers(skill=article, category=writing)) == 3
    for n in range(3, 15):
        p = worker_with(article, name=f"W{n}")
        IncidentFactory(worker=p.user)
    with django_assert_num_queries(1):
        assert len(recommend_workers(skill=article, category=writing, limit=10)) == 10


def test_director_page_shows_the_ranking(client, make_user, article):
    worker_with(article, name="佐藤", level=5)
    client.force_login(make_user("dir", roles=["director"]))
    page = client.get(f"/workers/recommend/?skill={article.pk}").content.decode()
    assert "佐藤" in page
    assert "記事作成 レベル5（自己評価）" in page
