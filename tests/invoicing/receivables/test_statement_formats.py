"""The other statement formats: 入出金取引明細 (03) keeps only the credits;
a bank's CSV is read through its configured layout."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from invoicing.bank_files import StatementError, parse_csv, parse_zengin
from invoicing.models import BankCredit, BankCsvLayout, DunningStep


def _c(text: str, length: int) -> bytes:
    raw = text.encode("cp932")
    return raw + b" " * (length - len(raw))


def _movement(ref: int, direction: str, amount: int, payer: str) -> bytes:
    record = (
        b"2" + str(ref).zfill(8).encode() + b"080430" + b"080430"
        + direction.encode() + b"11" + str(amount).zfill(12).encode()
        + b"0" * 12 + b" " * 6 + b" " * 6 + b" " + b" " * 7 + b" " * 3
        + b" " * 10 + _c(payer, 48) + _c("", 15) + _c("", 15) + _c("ﾌﾘｺﾐ", 20)
        + _c("", 20) + b" "
    )  # fmt: skip
    assert len(record) == 200
    return record


def test_account_statement_reads_only_the_credits():
    header = (
        b"1030" + b"080430" * 3 + b"0172" + _c("ｱﾜｷﾞﾝｺｳ", 15) + b"001"
        + _c("ﾎﾝﾃﾝ", 15) + b"000" + b"1" + b"0001234567" + _c("ｶ)ﾓﾄｳｹ", 40)
        + b" " + b" " + b"0" * 14 + b" " * 71
    )  # fmt: skip
    assert len(header) == 200
    records = [
        header,
        _movement(1, "1", 110_000, "ｶ)ｻﾝﾌﾟﾙ"),
        _movement(2, "2", 5_000, "ﾃｽｳﾘﾖｳ"),  # a debit: not money in
        b"8" + b" " * 199,
        b"9" + b" " * 199,
    ]
    credits = parse_zengin(b"".join(records))  # no line breaks at all
    assert [(c.reference, c.amount, c.payer_name) for c in credits] == [
        ("1", 110_000, "ｶ)ｻﾝﾌﾟﾙ")
    ]
    assert credits[0].booked_on == datetime.date(2026, 4, 30)


@pytest.fixture
def layout(db):
    return BankCsvLayout.objects.create(
        name="ネット銀行", encoding="cp932", header_rows=1, date_column=1,
        date_format="%Y/%m/%d", amount_column=3, payer_column=2,
        reference_column=5, edi_column=0,
    )  # fmt: skip


CSV = (
    "日付,摘要,入金額,出金額,照会番号\r\n"
    '2026/04/30,ｶ)ｻﾝﾌﾟﾙ,"110,000",,A1\r\n'
    "2026/04/30,振込手数料,,440,A2\r\n"
).encode("cp932")


def test_a_bank_csv_is_read_through_its_layout(layout):
    credits = parse_csv(CSV, layout)
    assert [(c.reference, c.amount, c.payer_name, c.booked_on) for c in credits] == [
        ("A1", 110_000, "ｶ)ｻﾝﾌﾟﾙ", datetime.date(2026, 4, 30))
    ]


def test_a_bad_csv_row_names_its_line(layout):
    with pytest.raises(StatementError) as error:
        parse_csv(CSV + "2026/13/01,ｻﾝﾌﾟﾙ,100,,A3\r\n".encode("cp932"), layout)
    assert error.value.line == 4


def test_the_command_imports_a_csv_with_its_layout(layout, issue, sample, tmp_path):
    invoice = issue(sample, 100_000)
    path = tmp_path / "april.csv"
    path.write_bytes(CSV)
    out = StringIO()
    call_command("import_bank_statement", str(path), layout="ネット銀行", stdout=out)
    assert out.getvalue().strip() == "matched 1, unmatched 0"
    invoice.refresh_from_db()
    assert invoice.state == "paid"
    assert BankCredit.objects.get().reference == "A1"
    with pytest.raises(CommandError):
        call_command("import_bank_statement", str(path), layout="ない銀行")


def test_the_dunning_command_reminds_once(issue, sample):
    DunningStep.objects.create(days_after_due=7, title="お支払いのお願い")
    issue(sample, 100_000)  # due 2026-04-30
    out = StringIO()
    call_command("dunning_run", date="2026-05-08", stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 reminder(s)"
    again = StringIO()
    call_command("dunning_run", date="2026-05-09", stdout=again)
    assert again.getvalue().strip() == "0 reminder(s)"
