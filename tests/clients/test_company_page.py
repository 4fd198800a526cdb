"""The company page is where sales and finance live: the company's
engagements, quotes, invoices, open balance and this year's sales, with the
destructive steps (取引を停止, 要注意リスト) behind a confirmed secondary menu."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Client, ClientContact
from engagements.services import intake
from enterprise.models import WorkCategory
from invoicing.models import Invoice
from invoicing.selectors.billing import OPEN_STATES


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    return get_user_model().objects


def _company():
    """The demo company with the most invoices."""
    contact = ClientContact.objects.get(user__username="client-a")
    return contact.client


def _open_balance(company) -> int:
    return sum(
        invoice.balance
        for invoice in Invoice.objects.filter(client=company, state__in=OPEN_STATES)
    )


def test_sales_sees_engagements_quotes_invoices_and_open_balance(client, demo):
    company = _company()
    client.force_login(demo.get(username="sales"))
    page = client.get(f"/clients/companies/{company.pk}/").content.decode()
    engagement = company.engagements.exclude(state="draft").first()
    invoice = Invoice.objects.filter(client=company).exclude(number="").first()
    assert engagement.title in page
    assert invoice.number in page
    assert "未入金残高" in page
    assert f"¥{_open_balance(company):,}" in page
    assert "今期の売上（税抜）" in page
    # Sales reads the figures; the invoice pages are finance's.
    assert f"/invoicing/invoices/{invoice.pk}/" not in page


def test_finance_opens_the_invoices_from_the_company_page(client, demo):
    company = _company()
    client.force_login(demo.get(username="finance"))
    page = client.get(f"/clients/companies/{company.pk}/").content.decode()
    invoice = Invoice.objects.filter(client=company).exclude(number="").first()
    assert f"/invoicing/invoices/{invoice.pk}/" in page


def test_stopping_business_sits_in_the_menu_and_needs_the_tick(client, demo):
    company = _company()
    client.force_login(demo.get(username="sales"))
    page = client.get(f"/clients/companies/{company.pk}/").content.decode()
    menu = page.index('class="more-actions"')
    assert page.index("取引を停止") > menu
    url = f"/clients/companies/{company.pk}/transitions/suspend/"
    response = client.post(url, {"suspend-reason": "未入金が続くため"})
    company.refresh_from_db()
    assert company.state == Client.State.ACTIVE
    assert "チェックを入れて確認してください。" in response.content.decode()
    client.post(url, {"suspend-reason": "未入金が続くため", "suspend-confirm": "on"})
    company.refresh_from_db()
    assert company.state == Client.State.SUSPENDED


def test_the_watchlist_needs_the_tick_too(client, demo):
    company = _company()
    client.force_login(demo.get(username="sales"))
    url = f"/clients/companies/{company.pk}/watchlist/"
    client.post(url, {"flag": "True", "reason": "支払遅延"})
    company.refresh_from_db()
    assert not company.watchlisted
    client.post(url, {"flag": "True", "reason": "支払遅延", "confirm": "on"})
    company.refresh_from_db()
    assert company.watchlisted


def test_the_company_page_costs_the_same_queries_with_more_engagements(client, demo):
    company = _company()
    sales = demo.get(username="sales")
    client.force_login(sales)
    url = f"/clients/companies/{company.pk}/"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count()
    category = WorkCategory.objects.first()
    for n in range(15):
        engagement = intake.engagement_create(
            client=company, by=sales, title=f"追加案件 {n}", category=category,
            purpose="目的", deliverables="成果物", acceptance_criteria="基準",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            budget=10_000,
        )  # fmt: skip
        intake.engagement_submit_for_quote(engagement=engagement, by=sales)
    assert count() == small
    assert small <= 15
