"""A worker's offers page costs the same queries for one offer as for six
in three categories due on different pay dates: the fee policies,
withholding rows, tax rates and withholding rules are read once per
request, not once per category or date (16–18 queries and growing before,
issue #15)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.services import assignment, decomposition
from invoicing.models import WorkerFeePolicy
from tests.engagements import factories as ef

from .factories import planning_engagement

MAX_QUERIES = 15


@pytest.fixture
def policies(db):
    WorkerFeePolicy.objects.create(kind="flat", rate=Decimal("0.10"))


def _offer(director, worker, category_code, days):
    subtask = decomposition.subtask_create(
        engagement=planning_engagement(director=director, category_code=category_code),
        by=director, title=f"{category_code} {days}", instructions="指示",
        deliverable_spec="仕様", reward=50_000, due_at=ef.in_days(days),
    )  # fmt: skip
    return assignment.subtask_offer(subtask=subtask, worker=worker, by=director)


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("engagements:worker_offers"))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_offers_page_queries_do_not_grow_with_categories_and_dates(
    client, policies, operator, director, yamada
):
    _offer(director, yamada, "writing", 5)
    client.force_login(yamada)
    client.get(reverse("engagements:worker_offers"))
    one, _html = _queries(client)
    for code, days in [("design", 40), ("tasks", 75), ("writing", 100), ("design", 8)]:
        _offer(director, yamada, code, days)
    _offer(director, yamada, "web-development", 130)
    six, html = _queries(client)
    assert one == six <= MAX_QUERIES
    # Each card still shows its own pay: 10% fee on ¥50,000 is ¥5,000.
    assert html.count('<section class="offer-pay">') == 6
    assert html.count("△¥5,000") == 6
