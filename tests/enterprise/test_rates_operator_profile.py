"""The operator's own data (one row), printed on every document."""

import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import RequestFactory
from django.urls import reverse

from enterprise import demo
from enterprise.models import OperatorProfile

pytestmark = pytest.mark.django_db


def test_get_creates_the_demo_operator_once():
    profile = OperatorProfile.get()
    assert (profile.pk, profile.legal_name) == (1, "株式会社モトウケ")
    assert profile.registration_number == "T4010001234567"
    assert OperatorProfile.get().pk == 1
    assert OperatorProfile.objects.count() == 1
    profile.full_clean()


def test_payout_calendar_defaults_to_month_end_close_paid_next_month_end():
    profile = OperatorProfile.get()
    assert (
        profile.payout_closing_day,
        profile.payout_month_offset,
        profile.payout_pay_day,
        profile.payout_holiday_rule,
    ) == (0, 1, 0, "previous")
    assert profile.default_tax_rounding == "down"
    assert profile.invoice_number_prefix == "INV"


def test_a_second_operator_row_is_refused_by_the_database():
    OperatorProfile.get()
    data = {
        f.name: getattr(OperatorProfile.get(), f.name)
        for f in OperatorProfile._meta.fields
    }
    data["id"] = 2
    with pytest.raises(IntegrityError):
        OperatorProfile.objects.create(**data)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "T5010001234567",
            "チェックデジットが正しくありません",
        ),  # check digit should be 4
        ("T401000123456", "Tに続けて半角数字13桁で入力してください"),
        ("4010001234567", "Tに続けて半角数字13桁で入力してください"),
        ("T４０１０００１２３４５６７", "Tに続けて半角数字13桁で入力してください"),
    ],
)
def test_registration_number_must_be_a_valid_corporate_t_number(number, message):
    profile = OperatorProfile.get()
    profile.registration_number = number
    with pytest.raises(ValidationError, match=message):
        profile.full_clean()


@pytest.mark.parametrize(
    "number", ["T7120001168421", "T9011101097073", "T1180301018771"]
)
def test_published_registration_numbers_pass(number):
    profile = OperatorProfile.get()
    profile.registration_number = number
    profile.full_clean()


def test_bank_file_fields_must_be_in_the_zengin_set():
    profile = OperatorProfile.get()
    profile.zengin_sender_name = "株式会社モトウケ"
    profile.paying_bank_name = "ﾐｽﾞﾎ(ｶ)"
    profile.paying_branch_code = "11"
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert set(refused.value.message_dict) == {
        "zengin_sender_name",
        "paying_bank_name",
        "paying_branch_code",
    }
    assert refused.value.message_dict["paying_bank_name"] == [
        "半角カナ・数字・英大文字のみ使用できます（使用できない文字: ()）。"
    ]
    assert refused.value.message_dict["paying_branch_code"] == [
        "半角数字3桁で入力してください。"
    ]


def test_seed_demo_resets_the_operator_and_stays_idempotent():
    out = io.StringIO()
    demo.seed(stdout=out)
    OperatorProfile.objects.filter(pk=1).update(legal_name="変更済み")
    demo.seed(stdout=out)
    assert OperatorProfile.objects.get().legal_name == "株式会社モトウケ"
    assert "株式会社モトウケ" in out.getvalue()


def test_admin_edits_the_one_row_but_never_adds_or_deletes(admin_client):
    model_admin = site._registry[OperatorProfile]
    request = RequestFactory().get("/")
    assert model_admin.has_add_permission(request) is True
    profile = OperatorProfile.get()
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_delete_permission(request, profile) is False
    page = admin_client.get(
        reverse("admin:enterprise_operatorprofile_change", args=[profile.pk])
    )
    assert page.status_code == 200
    assert "T4010001234567" in page.content.decode()
