"""Registering a client: canonical numbers, duplicates refused, Japanese
errors next to the fields."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients import services
from clients.models import Client
from enterprise.models import AuditLog
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "legal_name": "株式会社エックスサーバー",
    "legal_name_kana": "ｴｯｸｽｻｰﾊﾞｰ",
    "corporate_number": "７１２０００１１６８４２１",
    "registration_number": "Ｔ７１２０００１１６８４２１",
    "postal_code": "〒５３０－００１１",
    "address": "大阪府大阪市北区大深町4-20",
    "billing_contact_name": "経理 太郎",
    "billing_contact_email": "keiri@example.jp",
}


def test_full_width_input_is_stored_in_canonical_form(sales):
    client = services.client_create(by=sales, **FIELDS)
    client.refresh_from_db()
    assert client.corporate_number == "7120001168421"
    assert client.registration_number == "T7120001168421"
    assert client.postal_code == "530-0011"
    assert client.legal_name_kana == "エックスサーバー"
    assert client.state == Client.State.LEAD
    assert client.sales_owner == sales
    (entry,) = AuditLog.objects.filter(action="clients.client.created")
    assert (entry.actor, entry.to_state) == (sales, "lead")


def test_defaults_are_month_end_next_month_end_and_round_down(sales):
    client = services.client_create(by=sales, **FIELDS)
    assert (client.closing_day, client.payment_month_offset, client.payment_day) == (
        0,
        1,
        0,
    )
    assert client.holiday_rule == "previous"
    assert client.tax_rounding == "down"
    assert client.direction_fee_rate == Decimal("0.10")
    assert client.payment_terms_label == "月末締め翌月末払い"
    assert client.direction_fee_label == "10%"


def test_twentieth_closing_paid_on_the_25th_reads_naturally(sales):
    client = services.client_create(by=sales, **FIELDS, closing_day=20, payment_day=25)
    assert client.payment_terms_label == "20日締め翌月25日払い"


def test_duplicate_corporate_number_is_refused(sales):
    ClientFactory(corporate_number="7120001168421", registration_number="")
    with pytest.raises(ValidationError) as exc:
        services.client_create(by=sales, **FIELDS)
    assert exc.value.message_dict["corporate_number"] == [
        "この法人番号のクライアントは既に登録されています。"
    ]
    assert Client.objects.count() == 1


def test_registration_number_must_be_t_plus_the_corporate_number(sales):
    with pytest.raises(ValidationError) as exc:
        services.client_create(
            by=sales, **{**FIELDS, "registration_number": "T9011101097073"}
        )
    assert exc.value.message_dict["registration_number"] == [
        "法人の登録番号は「T」＋法人番号（T7120001168421）です。"
    ]


def test_invalid_corporate_number_is_refused(sales):
    with pytest.raises(ValidationError) as exc:
        services.client_create(
            by=sales, **{**FIELDS, "corporate_number": "2835678256246"}
        )
    assert "corporate_number" in exc.value.message_dict


@pytest.mark.parametrize("roles", [["worker"], ["client"], ["finance"]])
def test_only_sales_registers_clients(make_user, roles):
    with pytest.raises(PermissionDenied):
        services.client_create(by=make_user(roles=roles), **FIELDS)
    assert not Client.objects.exists()


def test_update_logs_the_changed_fields(sales):
    client = ClientFactory(postal_code="100-0001")
    services.client_update(client=client, by=sales, postal_code="１０００００５")
    client.refresh_from_db()
    assert client.postal_code == "100-0005"
    entry = AuditLog.objects.get(action="clients.client.updated")
    assert entry.data == {"changed": {"postal_code": ["100-0001", "100-0005"]}}


@pytest.mark.parametrize(
    ("rule", "closing", "due"),
    [
        # japan.md §7.3 P1 and P2: 月末締め翌月末払い, due on a bank holiday.
        ("previous", datetime.date(2025, 10, 31), datetime.date(2025, 11, 28)),
        ("next", datetime.date(2025, 10, 31), datetime.date(2025, 12, 1)),
        ("previous", datetime.date(2025, 11, 30), datetime.date(2025, 12, 30)),
    ],
)
def test_payment_due_follows_the_clients_terms(rule, closing, due):
    client = ClientFactory.build(holiday_rule=rule)
    assert client.closing_date_for(closing) == closing
    assert client.payment_due(closing) == due
