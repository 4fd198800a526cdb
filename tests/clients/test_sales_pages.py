"""The sales screens: search, detail, transition buttons and their errors."""

import pytest
from django.utils import timezone

from clients import services
from clients.models import CheckResult, Client
from clients.numbers import with_check_digit
from clients.sections import PORTAL, SALES, register_section
from enterprise.sections import _registry
from tests.clients.conftest import onboard
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(sales):
    return {
        "sample": ClientFactory(
            legal_name="株式会社サンプル商事",
            legal_name_kana="サンプルショウジ",
            corporate_number=with_check_digit("010401120001"),
        ),
        "design": ClientFactory(
            legal_name="合同会社テストデザイン",
            legal_name_kana="テストデザイン",
            corporate_number=with_check_digit("011003120002"),
        ),
    }


def names(response):
    return [c.legal_name for c in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("サンプル", ["株式会社サンプル商事"]),  # name
        ("てすとでざいん", ["合同会社テストデザイン"]),  # kana typed in hiragana
        ("ﾃｽﾄ", ["合同会社テストデザイン"]),  # half-width kana
        (with_check_digit("010401120001"), ["株式会社サンプル商事"]),  # 法人番号
        ("０１１００３", ["合同会社テストデザイン"]),  # part of it, full-width
        ("存在しない", []),
    ],
)
def test_company_search(client, sales, listing, query, expected):
    client.force_login(sales)
    assert names(client.get("/clients/companies/", {"q": query})) == expected


def test_company_list_filters_by_state(client, sales, listing):
    onboard(listing["design"], sales, Client.State.SCREENING)
    client.force_login(sales)
    response = client.get("/clients/companies/", {"state": "screening"})
    assert names(response) == ["合同会社テストデザイン"]


def test_finance_reads_the_list_but_sales_pages_are_for_sales(client, make_user):
    client.force_login(make_user(roles=["finance"]))
    assert client.get("/clients/companies/").status_code == 200
    assert client.get("/clients/sales/").status_code == 403


def test_sales_dashboard_shows_the_pipeline(client, sales, listing):
    onboard(listing["design"], sales, Client.State.SCREENING)
    client.force_login(sales)
    page = client.get("/clients/sales/").content.decode()
    assert "<title>営業ダッシュボード" in page
    assert "株式会社サンプル商事" in page
    assert "見込み" in page and "審査中" in page


def test_each_card_links_to_its_client_and_says_since_when_and_whose(
    client, sales, listing
):
    """The board's cards, read from a few columns and linked without a
    reverse per card, still link each company and name its owner."""
    client.force_login(sales)
    page = client.get("/clients/sales/").content.decode()
    for company in listing.values():
        company.refresh_from_db()
        since = timezone.localtime(company.state_changed_at).strftime("%Y/%m/%d")
        assert (
            f'<a href="/clients/companies/{company.pk}/">{company.legal_name}</a>'
            in page
        )
        assert f"{since}から · {company.sales_owner.display_name}" in page


def test_watchlisted_client_is_flagged_on_every_page(client, sales, active_client):
    services.client_watchlist(
        client=active_client, flag=True, reason="個人情報収集の疑い", by=sales
    )
    client.force_login(sales)
    for url in [
        "/clients/sales/",
        "/clients/companies/",
        f"/clients/companies/{active_client.pk}/",
    ]:
        assert '<span class="flag"' in client.get(url).content.decode(), url


def test_transition_button_moves_the_client_and_shows_it(client, sales, lead):
    client.force_login(sales)
    response = client.post(
        f"/clients/companies/{lead.pk}/transitions/start_screening/",
        {"start_screening-reason": ""},
        follow=True,
    )
    lead.refresh_from_db()
    assert lead.state == "screening"
    page = response.content.decode()
    assert "審査を開始しました。" in page
    assert "見込み → 審査中" in page


def test_missing_reason_is_shown_next_to_the_field(client, sales, active_client):
    client.force_login(sales)
    response = client.post(
        f"/clients/companies/{active_client.pk}/transitions/suspend/",
        {"suspend-reason": ""},
    )
    assert response.status_code == 200
    active_client.refresh_from_db()
    assert active_client.state == "active"
    page = response.content.decode()
    assert '<p class="error" role="alert">このフィールドは必須です。</p>' in page


def test_activate_button_waits_for_both_checks(client, sales):
    screening = onboard(ClientFactory(), sales, Client.State.SCREENING)
    client.force_login(sales)
    detail = client.get(f"/clients/companies/{screening.pk}/")
    (activate,) = [t for t in detail.context["transitions"] if t["name"] == "activate"]
    assert activate["ready"] is False
    response = client.post(
        f"/clients/companies/{screening.pk}/transitions/activate/",
        {"activate-reason": ""},
    )
    assert "反社チェックと与信チェックの両方が合格している必要があります。" in (
        response.content.decode()
    )
    for kind in ("antisocial", "credit"):
        client.post(
            f"/clients/companies/{screening.pk}/checks/",
            {"kind": kind, "result": CheckResult.PASSED, "note": ""},
        )
    client.post(
        f"/clients/companies/{screening.pk}/transitions/activate/",
        {"activate-reason": ""},
    )
    screening.refresh_from_db()
    assert screening.state == "active"


def test_invite_form_sends_the_invitation(
    client, sales, active_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(sales)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/clients/companies/{active_client.pk}/contacts/invite/",
            {"name": "山田 太郎", "email": "yamada@example.jp", "department": ""},
        )
    assert response.status_code == 302
    assert active_client.contacts.get().email == "yamada@example.jp"
    assert len(mail.outbox) == 1


def test_sections_from_other_apps_appear_on_the_portal_and_dashboard(
    client, sales, contact_of, active_client, tmp_path, settings, monkeypatch
):
    (tmp_path / "portal_section.html").write_text("<p>案件: {{ name }}</p>")
    (tmp_path / "sales_section.html").write_text("<p>見積の期限</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    monkeypatch.setitem(_registry, PORTAL, [])
    monkeypatch.setitem(_registry, SALES, [])
    register_section(
        PORTAL,
        "portal_section.html",
        context=lambda request, company: {"name": company.legal_name},
    )
    register_section(SALES, "sales_section.html")
    client.force_login(contact_of(active_client, "portal-user"))
    assert f"<p>案件: {active_client.legal_name}</p>" in (
        client.get("/clients/portal/").content.decode()
    )
    client.force_login(sales)
    assert "<p>見積の期限</p>" in client.get("/clients/sales/").content.decode()
