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


def test_one_bank_table_for_workers_and_the_code_list():
    # workers.banks is the enterprise table, not a copy; the branch lookup of
    # the code list reads the bank's own name from it (みずほ銀行, not みずほ).
    from enterprise import banks
    from workers import banks as worker_banks

    assert worker_banks.BANK_NAMES is banks.BANK_NAMES
    assert worker_banks.lookup is banks.lookup
    assert banks.lookup("0001", "001").bank_name == "みずほ銀行"
    assert banks.bank_name("0005") == "三菱UFJ銀行"
    account = BankAccount(
        bank_code="0001", bank_name="ﾐｽﾞﾎ", branch_code="001", branch_name="ﾄｳｷﾖｳ",
        account_number="1234567",
    )  # fmt: skip
    assert account.display_names[0] == account.display_bank_name == "みずほ銀行"
