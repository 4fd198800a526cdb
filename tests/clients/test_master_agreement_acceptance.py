"""A client contact accepts the master agreement in the portal (issue #16):
recorded with the SHA-256 of the terms, time, IP address and browser, and
downloadable; another company's contact gets a 404."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from clients import services
from clients.documents import default_terms
from clients.models import MasterAgreementAcceptance
from tests.once import once

from .conftest import onboard
from .factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(sales, active_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.master_agreement_create(
            client=active_client,
            signed_on=datetime.date(2026, 4, 1),
            counter_signatory_name="山本 大輔",
            counter_signatory_title="代表取締役",
            operator_signatory_name="佐藤 健太",
            operator_signatory_title="営業部長",
            terms=default_terms(),
            by=sales,
        )
    made.refresh_from_db()
    return made


def accept_url(agreement):
    return reverse(
        "clients:portal_agreement_accept", args=[agreement.client_id, agreement.pk]
    )


def test_a_contact_accepts_in_the_portal_and_downloads_the_pdf(
    client, agreement, contact_of, active_client
):
    user = contact_of(active_client, "yamamoto")
    client.force_login(user)
    page = client.get(reverse("clients:portal_company", args=[active_client.pk]))
    assert accept_url(agreement) in page.content.decode()
    client.post(
        accept_url(agreement),
        once(agree="yes"),
        REMOTE_ADDR="198.51.100.7",
        HTTP_USER_AGENT="Edge/テスト",
    )
    row = MasterAgreementAcceptance.objects.get()
    assert row.contact.user == user
    assert row.terms_sha256 == hashlib.sha256(agreement.terms.encode()).hexdigest()
    assert (row.ip_address, row.user_agent) == ("198.51.100.7", "Edge/テスト")
    html = client.get(
        reverse("clients:portal_company", args=[active_client.pk])
    ).content.decode()
    assert "yamamoto（" in html
    assert accept_url(agreement) not in html
    pdf = client.get(
        reverse("clients:agreement_pdf", args=[active_client.pk, agreement.pk])
    )
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_another_companys_contact_cannot_accept(client, agreement, contact_of, sales):
    other = onboard(ClientFactory(), sales)
    client.force_login(contact_of(other, "outsider"))
    response = client.post(accept_url(agreement), once(agree="yes"))
    assert response.status_code == 404
    assert not MasterAgreementAcceptance.objects.exists()


def test_sales_sees_who_accepted(client, agreement, contact_of, active_client, sales):
    services.master_agreement_accept(
        agreement=agreement, by=contact_of(active_client, "yamamoto")
    )
    client.force_login(sales)
    html = client.get(reverse("clients:detail", args=[active_client.pk])).content
    assert "yamamoto（" in html.decode()
