"""The certification page costs the same few queries for a worker in one
category as in six (it ran four aggregates per category and window: 81
queries at an operator's size, issue #15), and shows the same figures as
measuring one category at a time."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enterprise.models import WorkCategory
from workers.criteria import evaluate_levels, evaluate_levels_many
from workers.models import CertificationCriteria, CertificationLevel

from .certification_helpers import build_history, set_criteria

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15
URL = "/workers/me/certification/"


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def _criteria_with_two_windows():
    """The certified level over 180 days by default; over 90 days for
    design, and the senior level over 365 days."""
    set_criteria()
    set_criteria("senior", window_days=365, min_approved=30)
    CertificationCriteria.objects.create(
        level=CertificationLevel.objects.get(code="certified"),
        category=WorkCategory.objects.get(code="design"),
        window_days=90,
        min_approved=5,
        min_completion_rate=Decimal("80.00"),
    )


def test_certification_page_queries_do_not_grow_with_categories(client, profile):
    _criteria_with_two_windows()
    categories = list(WorkCategory.objects.order_by("pk")[:6])
    build_history(profile.user, categories[0], approved=12)
    client.force_login(profile.user)
    client.get(URL)
    small, _page = _queries(client)
    for n, category in enumerate(categories[1:], start=1):
        build_history(profile.user, category, approved=n + 3, rejected=n % 2)
    large, page = _queries(client)
    assert small == large <= MAX_QUERIES
    for category in categories:
        assert category.name in page


def test_many_categories_measure_as_one_at_a_time(profile):
    _criteria_with_two_windows()
    categories = list(WorkCategory.objects.order_by("pk")[:4])
    for n, category in enumerate(categories):
        build_history(
            profile.user, category, approved=n * 4 + 1, rejected=n % 3,
            first_pass=n, ratings=[5, 4, 3][: n + 1], answered_late=n,
            passed_test=n % 2 == 0, days_ago=40 * n + 1,
        )  # fmt: skip
    now = timezone.now()
    together = evaluate_levels_many(
        worker=profile.user, categories=categories, as_of=now
    )
    for category in categories:
        alone = evaluate_levels(worker=profile.user, category=category, as_of=now)
        assert [e.to_json() for e in together[category.pk]] == [
            e.to_json() for e in alone
        ]
    design = WorkCategory.objects.get(code="design")
    if design in categories:
        [certified] = [e for e in together[design.pk] if e.level.code == "certified"]
        assert certified.criteria.window_days == 90
