"""Each criterion: a worker exactly at the threshold is certified, one under is not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workers.models import Certification
from workers.services import certification_recompute

from .certification_helpers import build_history, only_certified_level, overdue_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(profile):
    only_certified_level()
    return profile.user


def level_after(worker, category, now):
    cert = certification_recompute(worker=worker, category=category, as_of=now)
    return f"{cert.level.code}/{cert.status}" if cert else None


CASES = {
    # name: (history exactly at the threshold, history one under it)
    "approved subtasks 10": ({"approved": 10}, {"approved": 9}),
    "completion rate 90%": (
        {"approved": 18, "rejected": 2},  # 18 / 20 = 90.00%
        {"approved": 17, "rejected": 2},  # 17 / 19 = 89.47%
    ),
    "approved without revision 80%": (
        {"approved": 10, "first_pass": 8},
        {"approved": 10, "first_pass": 7},
    ),
    "average rating 4.50": (
        {"approved": 10, "ratings": [5] * 5 + [4] * 5},  # 4.50
        {"approved": 10, "ratings": [5] * 5 + [4] * 4 + [3]},  # 4.40
    ),
    "answered within 24 hours 80%": (
        {"answered_in_time": 8, "answered_late": 2},
        {"answered_in_time": 7, "answered_late": 3},
    ),
    "passed skill test": ({"passed_test": True}, {"passed_test": False}),
}


@pytest.mark.parametrize("case", CASES)
def test_exactly_at_the_threshold_is_certified(worker, writing, case):
    now = timezone.now()
    build_history(worker, writing, now=now, **CASES[case][0])
    assert level_after(worker, writing, now) == "certified/active"


@pytest.mark.parametrize("case", CASES)
def test_one_under_the_threshold_is_not(worker, writing, case):
    now = timezone.now()
    build_history(worker, writing, now=now, **CASES[case][1])
    assert level_after(worker, writing, now) is None


def test_completion_rate_a_hair_under_is_not_rounded_up(worker, writing):
    # 89 / 99 = 89.898…%: must not read as 90%.
    now = timezone.now()
    build_history(worker, writing, now=now, approved=89, rejected=10)
    assert level_after(worker, writing, now) is None


def test_overdue_incident_exactly_90_days_ago_no_longer_counts(worker, writing):
    now = timezone.now()
    build_history(worker, writing, now=now)
    overdue_incident(worker, at=now - timedelta(days=90))
    assert level_after(worker, writing, now) == "certified/active"


def test_overdue_incident_89_days_ago_still_counts(worker, writing):
    now = timezone.now()
    build_history(worker, writing, now=now)
    overdue_incident(worker, at=now - timedelta(days=89))
    assert level_after(worker, writing, now) is None


def test_work_outside_the_window_does_not_count(worker, writing):
    now = timezone.now()
    build_history(worker, writing, now=now, approved=10, days_ago=180)
    assert level_after(worker, writing, now) is None
    build_history(worker, writing, now=now, approved=10, days_ago=179)
    assert level_after(worker, writing, now) == "certified/active"


def test_cancelled_work_counts_neither_way(worker, writing):
    from workers.models import WorkRecord

    from .factories import WorkRecordFactory

    now = timezone.now()
    build_history(worker, writing, now=now, approved=10)
    for _n in range(5):
        WorkRecordFactory(
            worker=worker,
            category=writing,
            outcome=WorkRecord.Outcome.CANCELLED,
            rating=None,
            completed_at=now - timedelta(days=1),
        )
    assert level_after(worker, writing, now) == "certified/active"


def test_no_message_at_all_does_not_fail_the_response_rate(worker, writing):
    now = timezone.now()
    build_history(worker, writing, now=now, answered_in_time=0)
    assert level_after(worker, writing, now) == "certified/active"


def test_an_unanswered_message_younger_than_24_hours_has_not_failed_yet(
    worker, writing
):
    from workers.models import ResponseRecord

    now = timezone.now()
    build_history(worker, writing, now=now, answered_in_time=4, answered_late=1)
    # 4 of 5 = 80%; a fresh unanswered question would make it 4 of 6.
    ResponseRecord.objects.create(worker=worker, asked_at=now - timedelta(hours=3))
    assert level_after(worker, writing, now) == "certified/active"
    assert Certification.objects.get().status == "active"
