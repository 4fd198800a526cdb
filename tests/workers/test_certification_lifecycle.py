"""Grant, probation, restoration, demotion and revocation, with their figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enterprise.audit import timeline_for
from workers import services
from workers.models import Certification, CertificationDecision

from .certification_helpers import (
    build_history,
    only_certified_level,
    overdue_incident,
    set_criteria,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(profile):
    return profile.user


def recompute(worker, category, now):
    return services.certification_recompute(worker=worker, category=category, as_of=now)


def decisions():
    return list(
        CertificationDecision.objects.order_by("decided_at", "id").values_list(
            "kind", flat=True
        )
    )


def test_grant_stores_the_figures_that_decided_it(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now, approved=18, rejected=2)
    cert = recompute(worker, writing, now)
    assert (cert.level.code, cert.status, cert.since) == (
        "certified",
        "active",
        timezone.localdate(now),
    )
    decision = cert.decisions.get()
    assert decision.kind == "granted"
    assert decision.figures["level"] == "certified"
    assert decision.figures["criteria"][:3] == [
        {"code": "min_approved", "value": 18, "threshold": 10, "met": True},
        {
            "code": "min_completion_rate",
            "value": "90.00",
            "threshold": "90.00",
            "met": True,
        },
        {
            "code": "min_first_pass_rate",
            "value": "100.00",
            "threshold": "80.00",
            "met": True,
        },
    ]
    assert [e.action for e in timeline_for(cert)] == ["workers.certification.granted"]


def test_recompute_twice_gives_the_same_result_and_no_new_decision(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now)
    first = recompute(worker, writing, now)
    second = recompute(worker, writing, now)
    assert (second.pk, second.level_id, second.status, second.since) == (
        first.pk,
        first.level_id,
        first.status,
        first.since,
    )
    assert decisions() == ["granted"]
    assert len(timeline_for(first)) == 1


def test_recompute_twice_below_the_criteria_stays_on_one_probation(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now)
    recompute(worker, writing, now)
    overdue_incident(worker, at=now + timedelta(hours=1))
    later = now + timedelta(hours=2)
    recompute(worker, writing, later)
    recompute(worker, writing, later)
    assert decisions() == ["granted", "probation"]


def test_an_overdue_incident_puts_the_worker_on_probation_after_commit(
    worker, writing, django_capture_on_commit_callbacks
):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now)
    recompute(worker, writing, now)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.incident_record(
            worker=worker,
            kind="overdue",
            description="納期を3日過ぎても連絡がありませんでした。",
            subtask_ref="subtask:42",
        )
    assert len(callbacks) == 1
    cert = Certification.objects.get()
    assert cert.status == "probation"
    assert cert.level.code == "certified"
    assert cert.probation_until == timezone.localdate() + timedelta(days=30)
    decision = cert.decisions.order_by("-id").first()
    assert decision.kind == "probation"
    overdue = next(
        c
        for c in decision.figures["criteria"]
        if c["code"] == "no_overdue_incident_days"
    )
    assert overdue == {
        "code": "no_overdue_incident_days",
        "value": 1,
        "threshold": 90,
        "met": False,
    }


def test_probation_ending_below_the_criteria_revokes(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now)
    recompute(worker, writing, now)
    overdue_incident(worker, at=now + timedelta(minutes=1))
    recompute(worker, writing, now + timedelta(minutes=2))
    # Day 29 of probation: still held.
    assert recompute(worker, writing, now + timedelta(days=29)).status == "probation"
    # Day 30: probation is over and the incident is still within 90 days.
    cert = recompute(worker, writing, now + timedelta(days=30, minutes=2))
    assert cert.status == "revoked"
    assert decisions() == ["granted", "probation", "revoked"]


def test_meeting_the_criteria_again_during_probation_restores(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now, approved=10)
    first = recompute(worker, writing, now)
    # Two rejections take the completion rate to 10/12 = 83%.
    build_history(worker, writing, now=now, approved=0, rejected=2, answered_in_time=0)
    assert recompute(worker, writing, now).status == "probation"
    build_history(worker, writing, now=now, approved=10, answered_in_time=0)
    cert = recompute(worker, writing, now)
    assert (cert.status, cert.since, cert.probation_until) == (
        "active",
        first.since,
        None,
    )
    assert decisions() == ["granted", "probation", "restored"]


def test_a_conduct_incident_revokes_at_once(worker, writing):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now)
    recompute(worker, writing, now)
    services.incident_record(
        worker=worker,
        kind="conduct",
        description="依頼内容を外部に漏らしました。",
        occurred_at=now + timedelta(minutes=1),
    )
    cert = recompute(worker, writing, now + timedelta(minutes=2))
    assert cert.status == "revoked"
    assert decisions() == ["granted", "revoked"]


def test_senior_is_granted_over_certified_and_demoted_after_probation(worker, writing):
    set_criteria("certified")
    set_criteria("senior", min_approved=20, min_avg_rating="4.80")
    now = timezone.now()
    build_history(worker, writing, now=now, approved=20)
    cert = recompute(worker, writing, now)
    assert (cert.level.code, cert.status) == ("senior", "active")
    # Five 3-star reviews: average (20*5 + 5*3) / 25 = 4.60, below 4.80.
    build_history(worker, writing, now=now, approved=5, ratings=[3] * 5)
    assert recompute(worker, writing, now).status == "probation"
    cert = recompute(worker, writing, now + timedelta(days=30))
    assert (cert.level.code, cert.status) == ("certified", "active")
    assert decisions() == ["granted", "probation", "demoted"]
    demotion = cert.decisions.order_by("-id").first()
    assert demotion.from_level.code == "senior"
    assert demotion.to_level.code == "certified"
    assert demotion.figures["previous"]["level"] == "senior"


def test_work_record_add_recomputes_after_commit(
    worker, writing, django_capture_on_commit_callbacks
):
    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now, approved=9)
    with django_capture_on_commit_callbacks(execute=True):
        services.work_record_add(
            worker=worker,
            category=writing,
            subtask_ref="subtask:77",
            outcome="approved",
            revisions=0,
            rating=5,
            due_at=now,
            submitted_at=now - timedelta(hours=1),
            completed_at=now - timedelta(minutes=1),
        )
    assert Certification.objects.get().status == "active"


def test_nightly_task_ends_probations_that_ran_out(worker, writing):
    from workers.tasks import recompute_all_certifications

    only_certified_level()
    now = timezone.now()
    build_history(worker, writing, now=now, days_ago=45)
    recompute(worker, writing, now - timedelta(days=40))
    overdue_incident(worker, at=now - timedelta(days=35))
    recompute(worker, writing, now - timedelta(days=34))
    assert Certification.objects.get().status == "probation"
    assert recompute_all_certifications.delay().get() == 1
    assert Certification.objects.get().status == "revoked"
