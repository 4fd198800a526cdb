"""The sales dashboard answers "how much is in the pipeline, and which quotes
run out soon": value by stage from the quotes, and expiring quotes flagged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagements.models import Quote
from engagements.selectors import pipeline_value
from engagements.services import quotes


def _row(rows, state):
    return next(row for row in rows if row["state"] == state)


def test_pipeline_counts_sent_then_accepted_quotes_by_stage(world, quoted):
    value = quoted.work_subtotal + quoted.direction_fee
    rows = pipeline_value(user=world.sales)
    assert _row(rows, "quoted") | {"label": ""} == {
        "state": "quoted", "label": "", "count": 1, "value": value,
    }  # fmt: skip
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.5")
    rows = pipeline_value(user=world.sales)
    assert _row(rows, "quoted")["value"] == 0
    assert _row(rows, "contracted")["value"] == value


def test_dashboard_shows_value_and_flags_a_quote_expiring_soon(client, world, quoted):
    Quote.objects.filter(pk=quoted.pk).update(
        valid_until=timezone.localdate() + datetime.timedelta(days=3)
    )
    client.force_login(world.sales)
    page = client.get("/clients/sales/").content.decode()
    assert "段階別の見込み金額" in page
    assert f"¥{quoted.work_subtotal + quoted.direction_fee:,}" in page
    assert "まもなく期限切れ" in page


@pytest.mark.django_db
def test_pipeline_is_one_query(world, quoted):
    with CaptureQueriesContext(connection) as ctx:
        pipeline_value(user=world.sales)
    assert len(ctx) <= 2  # the role check, then the one aggregate
