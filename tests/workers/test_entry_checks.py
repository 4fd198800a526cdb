"""Bank accounts and kana names are checked where they are typed: full-width
digits become half-width, what a bank transfer cannot carry is refused."""

import pytest
from django.core.exceptions import ValidationError

from workers.models import BankAccount

from .factories import BANK_ACCOUNT
from .test_profile import FIELDS

pytestmark = pytest.mark.django_db


def test_full_width_account_number_is_stored_half_width(client, profile):
    client.force_login(profile.user)
    response = client.post(
        "/workers/me/bank/",
        BANK_ACCOUNT
        | {
            "bank_code": "０００１",
            "branch_code": "００１",
            "account_number": "１２３４５６７",
        },
    )
    assert response.status_code == 302
    account = BankAccount.objects.get(profile=profile)
    assert (account.bank_code, account.branch_code) == ("0001", "001")
    assert account.account_number == "1234567"


@pytest.mark.parametrize("number", ["12345678", "12a4567", "١٢٣٤٥٦٧"])
def test_account_number_other_than_seven_digits_is_a_field_error(
    client, profile, number
):
    client.force_login(profile.user)
    response = client.post(
        "/workers/me/bank/", BANK_ACCOUNT | {"account_number": number}
    )
    assert response.status_code == 200
    assert "account_number" in response.context["form"].errors
    assert not BankAccount.objects.exists()


def test_admin_path_normalises_and_refuses_like_the_form(profile):
    account = BankAccount(
        profile=profile, **BANK_ACCOUNT | {"account_number": "１２３"}
    )
    account.clean()  # what the admin's form runs after its fields
    assert (account.account_number, account.holder_name) == ("0000123", "ﾔﾏﾀﾞ ﾀﾛｳ")
    assert account.bank_name == "ﾐｽﾞﾎ"
    account.holder_name = "山田 🍣"
    with pytest.raises(ValidationError) as caught:
        account.clean()
    assert "holder_name" in caught.value.message_dict


@pytest.mark.parametrize("kana", ["ヤマダ 🍣", "山田 太郎", "ヤマダ・タロウ"])
def test_kana_name_with_emoji_or_kanji_is_a_field_error(client, make_user, kana):
    user = make_user("alice", roles=["worker"])
    client.force_login(user)
    response = client.post(
        "/workers/me/profile/",
        FIELDS | {"legal_name_kana": kana, "away_until": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "銀行振込に使えない文字" in errors["legal_name_kana"][0]


def test_kana_name_in_hiragana_or_katakana_is_accepted(client, make_user):
    user = make_user("alice", roles=["worker"])
    client.force_login(user)
    response = client.post(
        "/workers/me/profile/",
        FIELDS | {"legal_name_kana": "やまだ タロウ", "away_until": ""},
    )
    assert response.status_code == 302
