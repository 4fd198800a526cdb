"""The pipeline board and the company list cost the same number of queries
with 10 companies as with 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Client
from tests.clients.factories import ClientFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_companies(count, owner):
    """``count`` companies spread over every state and owner, some flagged.

    States are set with a queryset update: the fixture is about volume, the
    transitions are tested elsewhere."""
    states = Client.State.values
    for n in range(count):
        ClientFactory(sales_owner=owner if n % 2 else UserFactory())
    for n, pk in enumerate(Client.objects.order_by("pk").values_list("pk", flat=True)):
        Client.objects.filter(pk=pk).update(
            state=states[n % len(states)],
            watchlisted=n % 7 == 0,
            watchlist_reason="要注意" if n % 7 == 0 else "",
            # Later rows have waited longer, so oldest first is not pk order.
            state_changed_at=timezone.now() - datetime.timedelta(days=n),
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


@pytest.mark.parametrize(
    "url",
    [
        "/clients/sales/",
        "/clients/sales/?mine=1",
        "/clients/companies/",
        "/clients/companies/?q=テスト",
        "/clients/companies/?state=active&sort=state",
    ],
)
def test_same_queries_for_10_and_200_companies(client, sales, url):
    client.force_login(sales)
    make_companies(10, sales)
    client.get(url)  # warm the session and content-type caches
    small, _response = queries_for(client, url)
    make_companies(190, sales)
    large, response = queries_for(client, url)
    assert Client.objects.count() == 200
    assert small == large
    assert 'class="flag"' in response.content.decode()


def test_board_shows_each_column_count_and_oldest_first(client, sales):
    make_companies(10, sales)
    client.force_login(sales)
    board = client.get("/clients/sales/").context["board"]
    counts = {c["state"]: c["count"] for c in board["columns"]}
    assert counts == {"lead": 2, "screening": 2, "active": 2, "suspended": 2}
    assert board["declined"] == 2
    for column in board["columns"]:
        pks = [c.pk for c in column["clients"]]
        assert pks == sorted(pks, reverse=True)
