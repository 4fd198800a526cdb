"""A contact sees only their own company: every page and object of another
company answers 404 (client-a against client-b's company)."""

import datetime

import pytest

from clients import services
from tests.clients.conftest import onboard
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(sales, contact_of, django_capture_on_commit_callbacks):
    """Two active companies, each with a contact and a rendered agreement."""
    made = {}
    for login, name in [
        ("client-a", "株式会社サンプル商事"),
        ("client-b", "合同会社テストデザイン"),
    ]:
        company = onboard(ClientFactory(legal_name=name), sales)
        contact = contact_of(company, login)
        with django_capture_on_commit_callbacks(execute=True):
            agreement = services.master_agreement_create(
                client=company,
                signed_on=datetime.date(2026, 4, 1),
                counter_signatory_name="山本 大輔",
                counter_signatory_title="代表取締役",
                operator_signatory_name="佐藤 健太",
                operator_signatory_title="営業部長",
                terms="第1条（目的）\n本契約の目的を定める。",
                by=sales,
            )
        made[login] = (company, contact.client_contact, agreement)
    return made


def company_urls(company, contact, agreement):
    """Every URL that names a company or one of its objects."""
    pk = company.pk
    return [
        f"/clients/portal/companies/{pk}/",
        f"/clients/companies/{pk}/",
        f"/clients/companies/{pk}/edit/",
        f"/clients/companies/{pk}/transitions/suspend/",
        f"/clients/companies/{pk}/checks/",
        f"/clients/companies/{pk}/watchlist/",
        f"/clients/companies/{pk}/contacts/invite/",
        f"/clients/companies/{pk}/contacts/{contact.pk}/deactivate/",
        f"/clients/companies/{pk}/agreements/new/",
        f"/clients/companies/{pk}/agreements/{agreement.pk}/pdf/",
    ]


def test_client_a_gets_404_on_every_url_of_client_b(client, companies):
    client.force_login(companies["client-a"][0].contacts.get().user)
    company_b = companies["client-b"][0]
    for url in company_urls(*companies["client-b"]):
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"suspend-reason": "x", "reason": "x"})
        assert response.status_code == 404, url
    company_b.refresh_from_db()
    assert company_b.state == "active"
    assert not company_b.watchlisted


def test_client_a_sees_their_own_company_and_agreement(client, companies):
    company, contact, agreement = companies["client-a"]
    client.force_login(contact.user)
    page = client.get(f"/clients/portal/companies/{company.pk}/")
    assert page.status_code == 200
    assert "株式会社サンプル商事" in page.content.decode()
    assert "合同会社テストデザイン" not in page.content.decode()
    pdf = client.get(f"/clients/companies/{company.pk}/agreements/{agreement.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_client_a_may_not_use_the_sales_pages_of_their_own_company(client, companies):
    company, contact, _agreement = companies["client-a"]
    client.force_login(contact.user)
    assert client.get(f"/clients/companies/{company.pk}/").status_code == 403
    response = client.post(
        f"/clients/companies/{company.pk}/transitions/suspend/",
        {"suspend-reason": "x"},
    )
    assert response.status_code == 403
    company.refresh_from_db()
    assert company.state == "active"


def test_portal_home_names_only_the_contacts_company(client, companies):
    client.force_login(companies["client-b"][1].user)
    page = client.get("/clients/portal/").content.decode()
    assert "クライアントポータル" in page
    assert "合同会社テストデザイン" in page
    assert "株式会社サンプル商事" not in page


def test_company_list_is_not_for_contacts(client, companies):
    client.force_login(companies["client-a"][1].user)
    assert client.get("/clients/companies/").status_code == 403


def test_a_worker_gets_404_on_a_company(client, make_user, companies):
    client.force_login(make_user(roles=["worker"]))
    for url in company_urls(*companies["client-a"]):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x"}).status_code == 404, url
