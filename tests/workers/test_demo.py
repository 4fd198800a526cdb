"""The demo workers: varied, certified where their record says so, re-runnable."""

from io import StringIO

import pytest

from enterprise import demo as enterprise_demo
from workers import demo
from workers.models import (
    BankAccount,
    Certification,
    CertificationDecision,
    Incident,
    SkillTest,
    WorkerProfile,
)

pytestmark = pytest.mark.django_db


def seed():
    enterprise_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())


def held():
    return sorted(
        Certification.objects.values_list(
            "worker__username", "category__code", "level__code", "status"
        )
    )


def test_demo_workers_and_their_levels():
    seed()
    assert WorkerProfile.objects.count() == 15
    assert BankAccount.objects.get(profile__user__username="worker1").bank_name == (
        "ﾐｽﾞﾎ"
    )
    assert held() == [
        ("veteran", "design", "senior", "active"),
        ("veteran", "writing", "senior", "active"),
        ("worker1", "writing", "certified", "active"),
        ("worker10", "design", "certified", "active"),
        ("worker2", "web-design", "certified", "active"),
        ("worker3", "web-development", "certified", "probation"),
        ("worker4", "tasks", "certified", "active"),
    ]
    assert Incident.objects.get().worker.username == "worker3"
    away = WorkerProfile.objects.get(user__username="worker5")
    assert away.current_availability == "away"
    assert SkillTest.objects.count() == 4


def test_demo_runs_twice_without_new_rows():
    seed()
    counts = (CertificationDecision.objects.count(), Incident.objects.count())
    seed()
    assert (CertificationDecision.objects.count(), Incident.objects.count()) == counts
    assert WorkerProfile.objects.count() == 15


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "worker3",
            [
                "/workers/",
                "/workers/me/profile/",
                "/workers/me/bank/",
                "/workers/me/skills/",
                "/workers/me/tests/",
                "/workers/me/certification/",
            ],
        ),
        ("veteran", ["/workers/search/", "/workers/recommend/?skill=14"]),
        ("finance", ["/workers/bank-accounts/"]),
    ],
)
def test_every_page_renders_for_the_demo_people(client, username, paths):
    from django.contrib.auth import get_user_model

    seed()
    client.force_login(get_user_model().objects.get(username=username))
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_director_reads_why_worker3_is_on_probation(client, make_user):
    seed()
    client.force_login(make_user("dir", roles=["director"]))
    profile = WorkerProfile.objects.get(user__username="worker3")
    page = client.get(f"/workers/{profile.pk}/").content.decode()
    assert "保留" in page
    assert "納期遅延のインシデント" in page
    assert "過去90日間に0件" in page
    test_page = client.get(f"/workers/me/tests/{SkillTest.objects.first().pk}/")
    assert test_page.status_code == 403
