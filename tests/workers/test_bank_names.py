"""Bank details show the bank's own name, not the Zengin kana the file needs."""

from enterprise.banks import bank_display_name
from workers.models import BankAccount


def test_a_known_bank_shows_its_name_and_an_unknown_one_its_kana():
    assert bank_display_name("0001", "ﾐｽﾞﾎ") == "みずほ銀行"
    assert bank_display_name("9900", "ﾕｳﾁﾖ") == "ゆうちょ銀行"
    assert bank_display_name("0999", "ﾃｽﾄ") == "ﾃｽﾄ"


def test_an_account_reads_with_the_bank_name():
    account = BankAccount(
        bank_code="0009", bank_name="ﾐﾂｲｽﾐﾄﾓ", branch_name="ﾎﾝﾃﾝ",
        account_number="7654321",
    )  # fmt: skip
    assert account.display_bank_name == "三井住友銀行"
    assert str(account).startswith("三井住友銀行 ﾎﾝﾃﾝ")
