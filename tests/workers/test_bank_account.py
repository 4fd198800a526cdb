"""Bank accounts: codes checked against zengin-code, names in the Zengin set."""

import pytest
from django.core.exceptions import ValidationError

from enterprise.audit import timeline_for
from workers import services
from workers.models import BankAccount

from .factories import BANK_ACCOUNT

pytestmark = pytest.mark.django_db

GOOD = BANK_ACCOUNT | {"bank_code": "0005", "holder_name": "やまだ たろう"}


def save(profile, **changes):
    return services.bank_account_save(
        profile=profile, by=profile.user, **GOOD | changes
    )


def errors_of(profile, **changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        save(profile, **changes)
    return caught.value.message_dict


def test_existing_bank_and_branch_are_stored_with_their_kana_names(profile):
    account = save(profile)
    assert (account.bank_code, account.bank_name) == ("0005", "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ")
    assert (account.branch_code, account.branch_name) == ("001", "ﾎﾝﾃﾝ")
    assert account.holder_name == "ﾔﾏﾀﾞ ﾀﾛｳ"


@pytest.mark.parametrize(
    ("bank", "branch", "bank_kana", "branch_kana"),
    [
        ("0001", "001", "ﾐｽﾞﾎ", "ﾄｳｷﾖｳ"),
        ("0009", "001", "ﾐﾂｲｽﾐﾄﾓ", "ｼﾞﾝﾎﾞｳﾁﾖｳ"),
        ("9900", "008", "ﾕｳﾁﾖ", None),
    ],
)
def test_real_codes_from_the_zengin_list_are_accepted(
    profile, bank, branch, bank_kana, branch_kana
):
    account = save(profile, bank_code=bank, branch_code=branch)
    assert account.bank_name == bank_kana
    if branch_kana:
        assert account.branch_name == branch_kana


def test_unknown_bank_code_is_refused(profile):
    assert errors_of(profile, bank_code="0002") == {
        "bank_code": ["銀行コード 0002 の銀行はありません。"]
    }


def test_unknown_branch_code_is_refused_naming_the_bank(profile):
    assert errors_of(profile, bank_code="0001", branch_code="999") == {
        "branch_code": ["みずほ銀行 に支店コード 999 の支店はありません。"]
    }


def test_codes_must_be_digits_of_the_right_length(profile):
    errors = errors_of(profile, bank_code="5", account_number="12345678")
    assert errors["bank_code"] == ["4桁の銀行コードを入力してください。"]
    assert errors["account_number"] == ["口座番号を7桁以内の数字で入力してください。"]


def test_short_account_number_is_left_padded(profile):
    assert save(profile, account_number="12345").account_number == "0012345"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("サトウ ハナコ", "ｻﾄｳ ﾊﾅｺ"),
        ("きゃのん", "ｷﾔﾉﾝ"),
        ("カ）テストクラウド", "ｶ)ﾃｽﾄｸﾗｳﾄﾞ"),
    ],
)
def test_holder_name_is_converted_to_half_width_kana(profile, typed, stored):
    assert save(profile, holder_name=typed).holder_name == stored


def test_holder_name_outside_the_zengin_set_is_refused_naming_the_characters(
    profile,
):
    errors = errors_of(profile, holder_name="山田 タロウ")
    assert errors == {
        "holder_name": [
            "次の文字は振込に使えません: 山 田。"
            "銀行に登録したとおりのカナで入力してください。"
        ]
    }
    assert not BankAccount.objects.exists()


def test_saving_again_replaces_the_account_and_audits_without_the_number(profile):
    save(profile)
    save(profile, bank_code="0009", branch_code="001", account_number="7654321")
    account = BankAccount.objects.get()
    assert (account.bank_code, account.account_number) == ("0009", "7654321")
    actions = [(e.action, e.data) for e in timeline_for(profile)]
    old_number = GOOD["account_number"].zfill(7)
    assert actions[-1] == (
        "workers.bank_account.updated",
        {
            "bank_code": "0009",
            "branch_code": "001",
            "account": "****321",
            "old_last3": old_number[-3:],
            "new_last3": "321",
            "old_bank_code": "0005",
            "old_branch_code": "001",
        },
    )
    assert old_number not in str(actions) and "7654321" not in str(actions)


def test_bank_form_shows_the_refused_characters_next_to_the_field(client, profile):
    client.force_login(profile.user)
    response = client.post("/workers/me/bank/", GOOD | {"holder_name": "ヤマダ☆タロウ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "次の文字は振込に使えません: ☆。" in page
    assert not BankAccount.objects.exists()


def test_bank_form_saves_and_says_so(client, profile):
    client.force_login(profile.user)
    response = client.post("/workers/me/bank/", GOOD, follow=True)
    assert "口座情報を保存しました。" in response.content.decode()
    assert BankAccount.objects.get(profile=profile).holder_name == "ﾔﾏﾀﾞ ﾀﾛｳ"
