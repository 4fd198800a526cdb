"""Every list page exports what it shows, filtered and scoped, as CSV (UTF-8
with BOM) and Excel; a planted formula comes back as text."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from engagements.services import assignment, decomposition, quotes

from ..engagements import factories as f
from ..exports_helpers import column, csv_rows, xlsx_rows
from .conftest import draft_for

CLIENTS = reverse("clients:list")
ENGAGEMENTS = reverse("engagements:list")
OFFERS = reverse("engagements:worker_offers")
WORKERS = reverse("workers:search")


def _browser(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def test_client_list_exports_filtered_with_formulas_as_text(world):
    f.active_client("=1+1")
    sales = _browser(world.sales)
    page = sales.get(CLIENTS + "?state=active")
    assert "export=csv" in page.text and "export=xlsx" in page.text
    rows = csv_rows(sales.get(CLIENTS + "?q=%3D1%2B1&export=csv"))
    assert rows[0][:3] == ["正式名称", "フリガナ", "法人番号"]
    assert column(rows, rows[0][0]) == ["'=1+1"]
    sheet = xlsx_rows(sales.get(CLIENTS + "?export=xlsx"))
    names = column(sheet, sheet[0][0])
    assert "=1+1" in names and "株式会社エー" in names
    # A contact's own company permission does not open the company list.
    assert _browser(world.contact_a).get(CLIENTS + "?export=csv").status_code == 403


def test_engagement_list_exports_filtered(world, quoted_a):
    draft_for(world, world.client_b, '=HYPERLINK("x")')
    sales = _browser(world.sales)
    rows = csv_rows(sales.get(ENGAGEMENTS + "?export=csv"))
    titles = column(rows, "ID")  # first column
    assert len(titles) == 2
    title_header = rows[0][1]
    assert set(column(rows, title_header)) == {"エー社の記事", '\'=HYPERLINK("x")'}
    quoted_only = csv_rows(sales.get(ENGAGEMENTS + "?state=quoted&export=csv"))
    assert column(quoted_only, title_header) == ["エー社の記事"]
    sheet = xlsx_rows(sales.get(ENGAGEMENTS + "?export=xlsx"))
    assert '=HYPERLINK("x")' in column(sheet, title_header)
    assert _browser(world.contact_a).get(ENGAGEMENTS + "?export=csv").status_code == 403


@pytest.fixture
def offers(world, quoted_a):
    """alice and bob each have one offer on client-a's engagement."""
    director = f.user_with_roles("director-1", "director")
    quotes.quote_accept(quote=quoted_a, by=world.contact_a, ip="203.0.113.5")
    engagement = quoted_a.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=director)
    workers = {"alice": f.worker("alice"), "bob": f.worker("bob")}
    for title, name in (("=1+1 の記事", "alice"), ("ボブの記事", "bob")):
        subtask = decomposition.subtask_create(
            engagement=engagement, by=director, title=title,
            instructions="構成案に沿って執筆", deliverable_spec="2,000字",
            reward=60_000, due_at=f.in_days(10),
        )  # fmt: skip
        assignment.subtask_offer(subtask=subtask, worker=workers[name], by=director)
    return workers, director


def test_offer_list_exports_only_the_workers_own(offers):
    workers, director = offers
    alice = _browser(workers["alice"])
    assert "export=csv" in alice.get(OFFERS + "").text
    rows = csv_rows(alice.get(OFFERS + "?export=csv"))
    assert column(rows, rows[0][0]) == ["'=1+1 の記事"]
    assert column(rows, rows[0][2]) == ["60000"]
    sheet = xlsx_rows(alice.get(OFFERS + "?export=xlsx"))
    assert column(sheet, sheet[0][0]) == ["=1+1 の記事"]
    assert column(sheet, sheet[0][2]) == [60000]
    bob = csv_rows(_browser(workers["bob"]).get(OFFERS + "?export=csv"))
    assert column(bob, bob[0][0]) == ["ボブの記事"]


def test_worker_search_exports_for_directors_only(offers):
    workers, director = offers
    profile = workers["alice"].worker_profile
    profile.display_name = "@alice"
    profile.save(update_fields=["display_name"])
    browser = _browser(director)
    rows = csv_rows(browser.get(WORKERS + "?export=csv"))
    assert set(column(rows, rows[0][0])) == {"'@alice", "bob"}
    sheet = xlsx_rows(browser.get(WORKERS + "?text=alice&export=xlsx"))
    assert column(sheet, sheet[0][0]) == ["@alice"]
    assert _browser(workers["bob"]).get(WORKERS + "?export=csv").status_code == 403
