"""The quote editor's live figures come from the server's own arithmetic:
the preview returns each line's amount, the direction fee, tax per rate and
the total that saving would store, saves nothing, and is for sales only.
Margin shows only once subtasks exist; before a quote the budget is never
passed off as the client's price."""

import datetime

import pytest
from django.utils import timezone

from engagements.models import Quote
from engagements.selectors import budget_summary
from engagements.services import decomposition, intake, quotes

from .test_sales_to_client_walk import _line, _quote_post

IN_TWO_WEEKS = timezone.localdate() + datetime.timedelta(days=14)


@pytest.fixture
def quoting(world, engagement):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    return engagement


def _posted():
    return _quote_post(
        IN_TWO_WEEKS,
        _line(0, "記事作成", "10", "本", "19800"),
        _line(1, "軽食", "1", "式", "10000", rate="0.08"),
    )


def test_preview_computes_what_saving_stores_and_saves_nothing(world, client, quoting):
    client.force_login(world.sales)
    url = f"/engagements/sales/{quoting.pk}/quote/preview/"
    data = client.post(url, _posted()).json()
    assert data["ok"] is True
    assert data["lines"] == ["¥198,000", "¥10,000"]
    assert not Quote.objects.exists()
    # Saving the same lines stores the same figures.
    client.post(f"/engagements/sales/{quoting.pk}/quote/", _posted())
    saved = Quote.objects.get()
    assert data["total"] == f"¥{saved.total:,}"
    assert data["direction_fee"] == f"¥{saved.direction_fee:,}"
    assert [row["tax"] for row in data["taxes"]] == [
        f"¥{row['tax']:,}" for row in saved.tax_breakdown
    ]


def test_preview_of_half_typed_lines_says_so(world, client, quoting):
    client.force_login(world.sales)
    url = f"/engagements/sales/{quoting.pk}/quote/preview/"
    posted = _quote_post(IN_TWO_WEEKS, _line(0, "記事作成", "abc", "本", ""))
    data = client.post(url, posted).json()
    assert data["ok"] is False and data["message"]


def test_preview_is_for_sales_and_post_only(world, client, quoting):
    url = f"/engagements/sales/{quoting.pk}/quote/preview/"
    client.force_login(world.contact)
    assert client.post(url, _posted()).status_code == 403
    client.force_login(world.sales)
    assert client.get(url).status_code == 405


def test_no_margin_before_subtasks_and_no_budget_as_price(world, quoting):
    summary = budget_summary(quoting)
    assert summary["price_from_quote"] is False
    assert summary["has_subtasks"] is False
    assert summary["margin"] is None
    quote = quotes.quote_save(
        engagement=quoting, by=world.sales,
        lines=[quotes.LineInput("記事作成", 10, "本", 19_800)],
        valid_until=IN_TWO_WEEKS,
    )  # fmt: skip
    summary = budget_summary(quoting, quote=quote)
    assert summary["price_from_quote"] is True
    assert summary["margin"] is None  # still no subtask: no 粗利 100%


def test_editor_page_says_the_margin_waits_for_subtasks(world, client, quoting):
    client.force_login(world.sales)
    client.post(f"/engagements/sales/{quoting.pk}/quote/", _posted())
    page = client.get(f"/engagements/sales/{quoting.pk}/quote/").content.decode()
    assert "100%" not in page
    assert "ディレクターが作業を作成すると表示されます" in page
    assert 'data-preview="/engagements/sales/' in page


def test_margin_appears_once_a_subtask_exists(world, quoting):
    quote = quotes.quote_save(
        engagement=quoting, by=world.sales,
        lines=[quotes.LineInput("記事作成", 10, "本", 19_800)],
        valid_until=IN_TWO_WEEKS,
    )  # fmt: skip
    quotes.quote_send(quote=quote, by=world.sales)
    quotes.quote_accept(quote=quote, by=world.contact, ip="203.0.113.5")
    decomposition.engagement_assign_director(
        engagement=quoting, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=quoting, by=world.director)
    decomposition.subtask_create(
        engagement=quoting, by=world.director, title="第一章",
        instructions="構成案に沿って", deliverable_spec="2,000字", reward=60_000,
        due_at=timezone.now() + datetime.timedelta(days=10),
    )  # fmt: skip
    quoting.refresh_from_db()
    summary = budget_summary(quoting)
    assert summary["has_subtasks"] is True
    assert summary["margin"] == summary["client_price"] - 60_000
