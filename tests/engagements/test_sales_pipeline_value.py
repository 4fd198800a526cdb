"""The sales dashboard answers "how much is in the pipeline, and which quotes
run out soon": value by stage from the quotes, and expiring quotes flagged."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagements.models import Engagement, Quote
from engagements.selectors import pipeline_value
from engagements.services import quotes
from engagements.services.quotes import LineInput


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
    engagement = quoted.engagement
    link = f'<a href="/engagements/sales/{engagement.pk}/">{engagement.title}</a>'
    assert link in page
    assert f"<td>{engagement.client.legal_name}</td>" in page
    expiring = timezone.localdate() + datetime.timedelta(days=3)
    assert f"<td>{expiring:%Y/%m/%d} <span" in page


def test_a_requoted_engagement_counts_once_at_its_latest_quote(world, quoted):
    """Revising a sent quote supersedes it: the stage counts the engagement
    once, at the new quote's value, not the old revision's as well."""
    revised = quotes.quote_save(
        engagement=quoted.engagement, by=world.sales,
        lines=[LineInput("記事作成", 12, "本", 19_800)],
        valid_until=quoted.valid_until,
    )  # fmt: skip
    revised = quotes.quote_send(quote=revised, by=world.sales)
    assert quoted.engagement.quotes.count() == 2
    row = _row(pipeline_value(user=world.sales), "quoted")
    assert row["count"] == 1
    assert row["value"] == revised.work_subtotal + revised.direction_fee
    assert revised.work_subtotal == 12 * 19_800


def test_an_engagement_has_one_quote_out_or_agreed_at_most(world, quoted):
    """The pipeline counts quotes as engagements: the database refuses a
    second sent (or accepted) quote of the same engagement."""
    second = Quote.objects.get(pk=quoted.pk)
    second.pk, second.revision = None, quoted.revision + 1
    for state in (Quote.State.SENT, Quote.State.ACCEPTED):
        second.state = state
        with pytest.raises(IntegrityError), transaction.atomic():
            second.save(force_insert=True)
    second.state = Quote.State.SUPERSEDED
    second.save(force_insert=True)  # old revisions stay


def test_pipeline_counts_only_what_the_user_may_see(world, quoted):
    """Sales see every engagement's quotes (no scope to join); a director
    only those of the engagements they direct."""
    assert _row(pipeline_value(user=world.sales), "quoted")["count"] == 1
    Engagement.objects.filter(pk=quoted.engagement_id).update(director=None)
    assert _row(pipeline_value(user=world.director), "quoted")["count"] == 0
    Engagement.objects.filter(pk=quoted.engagement_id).update(director=world.director)
    assert _row(pipeline_value(user=world.director), "quoted")["count"] == 1


@pytest.mark.django_db
def test_pipeline_is_one_query(world, quoted):
    with CaptureQueriesContext(connection) as ctx:
        pipeline_value(user=world.sales)
    assert len(ctx) <= 2  # the role check, then the one aggregate


def _sent_quotes(world, quoted, count):
    """``count`` more quoted engagements of the same sales owner, each with a
    copy of ``quoted`` sent to its client."""
    start = Engagement.objects.count()
    Engagement.objects.bulk_create(
        Engagement(
            client=world.client,
            title=f"見積案件 {start + n:03d}",
            category=world.category,
            purpose="目的",
            deliverables="成果物",
            acceptance_criteria="基準",
            deadline=quoted.engagement.deadline,
            budget=100_000,
            sales_owner=world.sales,
            state=Engagement.State.QUOTED,
        )  # fmt: skip
        for n in range(count)
    )
    copies = []
    for n, engagement in enumerate(Engagement.objects.filter(quotes__isnull=True)):
        copy = Quote.objects.get(pk=quoted.pk)
        copy.pk = None
        copy.engagement = engagement
        copy.number = f"{quoted.number}-{start + n}"
        copy.valid_until = timezone.localdate() + datetime.timedelta(days=20 + n)
        copies.append(copy)
    Quote.objects.bulk_create(copies)


def test_dashboard_lists_the_first_50_open_quotes_and_how_many(client, world, quoted):
    """The sales owner of hundreds of sent quotes got them all on the
    dashboard: now the 50 that run out first, and the total, in the same
    queries whatever the number."""
    client.force_login(world.sales)
    _sent_quotes(world, quoted, 2)
    client.get("/clients/sales/")
    with CaptureQueriesContext(connection) as small:
        client.get("/clients/sales/")
    _sent_quotes(world, quoted, 53)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/clients/sales/").content.decode()
    assert len(small) == len(large) <= 15
    assert Quote.objects.filter(state=Quote.State.SENT).count() == 56
    assert page.count("<small>" + quoted.number) == 50
    assert "全56件のうち最初の50件を表示しています。" in page
