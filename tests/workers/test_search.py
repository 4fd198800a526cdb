"""Director worker search: filters, and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprise.models import Skill
from workers.models import Certification, CertificationLevel

from .factories import IncidentFactory, WorkerProfileFactory, WorkerSkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(make_user):
    return make_user("dir", roles=["director"])


def worker(name, skills=(("article", 3),), **profile):
    p = WorkerProfileFactory(display_name=name, **profile)
    for code, level in skills:
        WorkerSkillFactory(
            profile=p, skill=Skill.objects.get(code=code), self_level=level
        )
    return p


def certify(profile, category, code="certified"):
    Certification.objects.create(
        worker=profile.user,
        category=category,
        level=CertificationLevel.objects.get(code=code),
        since=datetime.date(2026, 4, 1),
    )


def names(client, query=""):
    response = client.get(f"/workers/search/{query}")
    assert response.status_code == 200
    return [p.display_name for p in response.context["page"]]


def test_filters_by_skill_level_certification_availability_and_capacity(
    client, director, article, writing
):
    a = worker("安藤", skills=[("article", 5), ("logo", 2)])
    certify(a, writing, "senior")
    b = worker("伊藤", skills=[("article", 2)])
    certify(b, writing)
    worker("上田", skills=[("logo", 4)], availability="busy")
    worker(
        "江藤",
        skills=[("article", 4)],
        availability="away",
        away_until=timezone.localdate(),
    )
    worker("大野", skills=[("article", 4)], capacity=2, active_assignments=2)
    client.force_login(director)
    assert names(client) == ["上田", "伊藤", "大野", "安藤", "江藤"]
    assert names(client, f"?skill={article.pk}&min_level=4") == ["大野", "安藤", "江藤"]
    senior = CertificationLevel.objects.get(code="senior")
    assert names(client, f"?level={senior.pk}") == ["安藤"]
    certified = CertificationLevel.objects.get(code="certified")
    assert names(client, f"?level={certified.pk}&category={writing.pk}") == [
        "伊藤",
        "安藤",
    ]
    assert names(client, "?availability=busy") == ["上田"]
    assert names(client, "?availability=away") == ["江藤"]
    assert names(client, "?min_capacity_left=1&availability=available") == [
        "伊藤",
        "安藤",
    ]


def test_recent_incidents_are_flagged(client, director):
    p = worker("問題あり")
    IncidentFactory(worker=p.user)
    client.force_login(director)
    page = client.get("/workers/search/").content.decode()
    assert "1件" in page


def test_query_count_does_not_grow_with_the_rows(client, director, writing):
    client.force_login(director)
    for n in range(2):
        certify(worker(f"W{n}", skills=[("article", 3), ("logo", 2)]), writing)
    client.get("/workers/search/")  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get("/workers/search/")
    for n in range(2, 12):
        p = worker(f"W{n}", skills=[("article", 3), ("logo", 2), ("naming", 1)])
        certify(p, writing)
        IncidentFactory(worker=p.user)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/workers/search/")
    assert len(response.context["page"]) == 12
    assert len(many) == len(few)


def test_search_list_uses_a_fixed_number_of_queries(
    client, director, writing, django_assert_num_queries
):
    for n in range(5):
        certify(worker(f"W{n}", skills=[("article", 3), ("logo", 2)]), writing)
    client.force_login(director)
    client.get("/workers/search/")
    # session, user, groups (role check), user and group permissions, the
    # filter form's three option lists, count, page, skills, certifications.
    with django_assert_num_queries(12):
        client.get("/workers/search/")


def test_worker_cannot_search(client, profile):
    client.force_login(profile.user)
    assert client.get("/workers/search/").status_code == 403


def test_rows_show_skills_and_availability(client, director):
    """Each row's skills (level, ✓ once verified, or none yet) and its
    availability: an absence shows its end date until that date has passed."""
    back = timezone.localdate() + datetime.timedelta(days=3)
    away = worker(
        "休暇中", skills=[("article", 4)], availability="away", away_until=back
    )
    away.skills.update(verified=True)
    worker("新人", skills=[])
    worker("多忙", skills=[("logo", 2)], availability="busy")
    worker(
        "戻り",
        availability="away",
        away_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(director)
    page = client.get("/workers/search/").content.decode()
    rows = {
        name: row
        for row in page.split("<tr>")[2:]
        for name in ["休暇中", "新人", "多忙", "戻り"]
        if f">{name}</a>" in row
    }
    article = Skill.objects.get(code="article").label
    assert f'<a href="{reverse("workers:detail", args=[away.pk])}">休暇中</a>' in page
    assert f"<li>{article} 4 ✓</li>" in rows["休暇中"]
    assert f"{back:%Y/%m/%d}まで休止中</span>" in rows["休暇中"]
    assert "<li>まだありません</li>" in rows["新人"]
    assert ">多忙</span>" in rows["多忙"] and "✓" not in rows["多忙"]
    assert 'state-available">対応可能</span>' in rows["戻り"]


def test_export_lists_each_workers_skills(client, director):
    worker("二刀流", skills=[("article", 4), ("logo", 2)])
    client.force_login(director)
    response = client.get("/workers/search/?export=csv")
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    logo, article = (Skill.objects.get(code=c).label for c in ("logo", "article"))
    # In the skills' own order (ロゴ作成 before 記事作成), not the order declared.
    assert f",{logo} / {article}," in text.decode("utf-8-sig")
