"""A 振込入金通知 file is matched to open invoices: exact, fee-short,
combined, partial and unknown transfers; read twice it changes nothing;
a malformed file imports nothing and names its line."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from invoicing.bank_files import StatementError, parse_zengin, wareki_date
from invoicing.models import BankCredit, BankStatement, Invoice, Payment
from invoicing.services.receipts_matching import allocate, payer_key

from . import zengin_notice as z

APRIL_30 = datetime.date(2026, 4, 30)


@pytest.fixture
def invoices(issue, sample, other_client):
    return {
        "exact": issue(sample, 100_000),  # 110,000
        "fee": issue(sample, 50_000),  # 55,000
        "later": issue(sample, 30_000),  # 33,000
        "partial": issue(sample, 200_000),  # 220,000
        "b1": issue(other_client, 10_000),  # 11,000
        "b2": issue(other_client, 20_000),  # 22,000
    }


def _file(tmp_path, data: bytes, name="notice.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _import(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_bank_statement", path, stdout=out)
    return out.getvalue().strip()


def _notice(invoices):
    partial = invoices["partial"].number
    return z.notice(
        z.credit(1, 110_000, "ｶ)ｻﾝﾌﾟﾙ"),
        z.credit(2, 54_340, "ｻﾝﾌﾟﾙ(ｶ"),  # ¥660 short: the transfer fee
        z.credit(3, 33_000, "ﾎｶ ｶﾌﾞｼｷｶﾞｲｼﾔ"),  # both invoices of ホカ
        z.credit(4, 100_000, "ｶ)ｻﾝﾌﾟﾙ", edi=partial),  # part of 220,000
        z.credit(5, 50_000, "ﾀﾞﾚｶ ｼﾗﾅｲ"),  # nobody we bill
    )


def _state(invoice) -> tuple:
    invoice.refresh_from_db()
    return invoice.state, invoice.paid_total, invoice.discount_total, invoice.balance


def test_transfers_pay_the_right_invoices_and_book_the_fee(invoices, tmp_path):
    assert _import(_file(tmp_path, _notice(invoices))) == "matched 4, unmatched 1"

    assert _state(invoices["exact"]) == ("paid", 110_000, 0, 0)
    assert _state(invoices["fee"]) == ("paid", 54_340, 660, 0)
    assert _state(invoices["b1"]) == ("paid", 11_000, 0, 0)
    assert _state(invoices["b2"]) == ("paid", 22_000, 0, 0)
    assert _state(invoices["partial"]) == ("issued", 100_000, 0, 120_000)
    assert _state(invoices["later"]) == ("issued", 0, 0, 33_000)
    # The shortfall is the transfer fee the operator bears (支払手数料),
    # received on the booking date, with its tax for the journal.
    fee = Payment.objects.get(invoice=invoices["fee"])
    assert (fee.bank_fee, fee.discount, fee.discount_tax) == (True, 660, 60)
    assert fee.received_on == APRIL_30
    assert list(Payment.objects.filter(bank_fee=True)) == [fee]
    waiting = BankCredit.objects.get(state="unmatched")
    assert (waiting.amount, waiting.payer_name) == (50_000, "ﾀﾞﾚｶ ｼﾗﾅｲ")


def test_importing_the_same_file_twice_changes_nothing(invoices, tmp_path):
    path = _file(tmp_path, _notice(invoices))
    _import(path)
    payments = list(Payment.objects.values_list("pk", "amount", "discount"))
    states = list(Invoice.objects.values_list("pk", "state", "paid_total"))

    assert _import(path) == "matched 0, unmatched 0"

    assert list(Payment.objects.values_list("pk", "amount", "discount")) == payments
    assert list(Invoice.objects.values_list("pk", "state", "paid_total")) == states
    assert BankCredit.objects.count() == 5


def test_a_file_without_line_breaks_reads_the_same(invoices):
    with_breaks = parse_zengin(_notice(invoices))
    records = _notice(invoices).replace(b"\r\n", b"")
    assert parse_zengin(records) == with_breaks
    assert [c.amount for c in with_breaks] == [110_000, 54_340, 33_000, 100_000, 50_000]
    assert with_breaks[0].booked_on == APRIL_30


def test_a_malformed_file_imports_nothing_and_names_the_line(invoices, tmp_path):
    good = _notice(invoices).split(b"\r\n")
    good[2] = good[2][:199]  # the second transfer is one byte short
    path = _file(tmp_path, b"\r\n".join(good))

    with pytest.raises(CommandError, match=r"(Line 3|3行目)"):
        _import(path)

    assert not BankStatement.objects.exists()
    assert not BankCredit.objects.exists()
    assert not Payment.objects.exists()


def test_a_bad_date_names_its_line(invoices):
    records = [z.credit(1, 1_000, "ｻﾝﾌﾟﾙ"), z.credit(2, 1_000, "ｻﾝﾌﾟﾙ", day="081345")]
    with pytest.raises(StatementError) as error:
        parse_zengin(z.notice(*records))
    assert error.value.line == 3


def test_a_file_with_no_end_record_is_refused():
    data = z.header() + b"\r\n" + z.credit(1, 1_000, "ｻﾝﾌﾟﾙ") + b"\r\n"
    with pytest.raises(StatementError):
        parse_zengin(data)


@pytest.mark.parametrize(
    "name",
    ["ｶ)ｻﾝﾌﾟﾙ", "ｻﾝﾌﾟﾙ(ｶ", "ｻﾝﾌﾟﾙ(ｶ)", "株式会社サンプル", "ｶﾌﾞｼｷｶﾞｲｼﾔ ｻﾝﾌﾟﾙ", "サンプル"],
)
def test_payer_names_are_compared_without_entity_forms(name):
    assert payer_key(name) == "サンプル"


def test_small_kana_and_spaces_do_not_matter():
    assert payer_key("ｷｬﾉﾝ ﾄﾚｰﾃﾞｨﾝｸﾞ") == payer_key("キヤノントレ-デイング")


def test_wareki_dates():
    assert wareki_date("080430") == APRIL_30  # 令和8年
    assert wareki_date("310401") == datetime.date(2019, 4, 1)  # 平成31年
    assert wareki_date("010501") == datetime.date(2019, 5, 1)  # 令和元年


def test_overpayment_pays_everything_and_keeps_the_rest():
    shares, left = allocate(50_000, [(1, 11_000), (2, 22_000)], tolerance=880)
    assert [(s.invoice_id, s.paid, s.fee) for s in shares] == [
        (1, 11_000, 0),
        (2, 22_000, 0),
    ]
    assert left == 17_000


def test_a_combination_short_by_the_fee_pays_both():
    shares, left = allocate(
        32_340, [(1, 11_000), (2, 5_000), (3, 22_000)], tolerance=880
    )
    assert [(s.invoice_id, s.paid, s.fee) for s in shares] == [
        (1, 11_000, 0),
        (3, 21_340, 660),
    ]
    assert left == 0
