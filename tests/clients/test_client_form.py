"""The client form: what people type is normalised, and errors are shown in
Japanese next to their fields."""

from decimal import Decimal

import pytest

from clients.models import Client
from tests.clients.factories import ClientFactory
from tests.clients.test_client_registration import FIELDS

pytestmark = pytest.mark.django_db


def test_form_shows_japanese_errors_next_to_the_fields(client, sales):
    ClientFactory(corporate_number="7120001168421", registration_number="")
    client.force_login(sales)
    response = client.post(
        "/clients/companies/new/",
        {
            **FIELDS,
            "postal_code": "12345",
            "closing_day": "0",
            "payment_month_offset": "1",
            "payment_day": "0",
            "holiday_rule": "previous",
            "direction_fee_kind": "rate",
            "direction_fee_percent": "10",
            "direction_fee_amount": "0",
            "tax_rounding": "down",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "この法人番号のクライアントは既に登録されています。" in page
    assert "郵便番号は7桁で入力してください（例: 100-0001）。" in page
    form = response.context["form"]
    assert set(form.errors) == {"corporate_number", "postal_code"}


def test_form_registers_the_client_with_the_fee_as_a_rate(client, sales):
    client.force_login(sales)
    response = client.post(
        "/clients/companies/new/",
        {
            **FIELDS,
            "closing_day": "20",
            "payment_month_offset": "1",
            "payment_day": "25",
            "holiday_rule": "next",
            "direction_fee_kind": "rate",
            "direction_fee_percent": "12.5",
            "direction_fee_amount": "0",
            "tax_rounding": "half_up",
            "sales_owner": sales.pk,
        },
    )
    created = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/clients/companies/{created.pk}/"
    assert created.direction_fee_rate == Decimal("0.125")
    assert created.corporate_number == "7120001168421"
    assert (created.closing_day, created.payment_day) == (20, 25)
