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
    assert WorkerProfile.objects.count() == 13
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
    assert WorkerProfile.objects.count() == 13
