"""API lists run a constant number of queries, however many rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import Api, draft_for


def _queries(api, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = api.get(path)
    assert answer.status_code == 200, answer.content
    return len(captured)


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("contact_a", "/api/v1/engagements/"),
        ("contact_a", "/api/v1/quotes/"),
        ("sales", "/api/v1/engagements/"),
        ("sales", "/api/v1/quotes/"),
        ("sales", "/api/v1/clients/"),
        ("finance", "/api/v1/invoices/"),
    ],
)
def test_list_queries_do_not_grow_with_rows(world, who, path):
    from ..engagements import factories as f

    api = Api(getattr(world, who))
    f.sent_quote(draft_for(world, world.client_a, "一件目"), world.sales)
    api.get(path)  # warms the content-type cache the audit row uses
    cache.clear()
    few = _queries(api, path)
    for n in range(4):
        f.sent_quote(draft_for(world, world.client_a, f"追加{n}"), world.sales)
        f.active_client(f"株式会社追加{n}")
    cache.clear()
    assert _queries(api, path) == few
