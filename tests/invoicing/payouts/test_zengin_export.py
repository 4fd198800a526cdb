"""The Zengin transfer file of a payout run (japan.md §5): §5.3 reproduced
from W1 and W4 paid through the services, parsed back,
holding back a worker whose bank account does not fit, the same bytes when
run twice."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from invoicing.services import payouts
from invoicing.services.payouts.exports import zengin_file
from invoicing.zengin import parse_transfer_file
from tests.invoicing.test_zengin import EXPECTED

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)  # Wednesday
RECEIVED = datetime.date(2026, 8, 20)


@pytest.fixture
def w1_and_w4(operator, yamada, sato, finance):
    """W1 (writing 50,000) for YAMADA and W4 (design 1,500,000) for SATO."""
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(
        sato, amount=1_500_000, received_on=RECEIVED, pay_date=PAY, category="design"
    )
    return payouts.payout_run(pay_date=PAY, by=finance)


def test_the_payout_run_reproduces_the_worked_example_byte_for_byte(w1_and_w4, finance):
    assert sorted(s.net for s in w1_and_w4) == [49_895, 1_445_800]
    assert zengin_file(pay_date=PAY, by=finance) == EXPECTED


def test_the_file_parses_back_into_the_same_workers_and_amounts(w1_and_w4, finance):
    data = zengin_file(pay_date=PAY, by=finance)

    header, transfers, trailer = parse_transfer_file(data, year=2026)

    assert (header.sender_code, header.transfer_date) == ("1234567890", PAY)
    assert [(t.recipient_name, t.account_number, t.amount) for t in transfers] == [
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "7654321", 49_895),
        ("ｻﾄｳ ﾊﾅｺ", "0012345", 1_445_800),
    ]
    assert (trailer.count, trailer.total) == (2, 1_495_695)
    records = data.split(b"\r\n")[:-1]
    assert [len(record) for record in records] == [120] * 5
    # Read by position too (an independent reader): 振込金額 is bytes 81-90.
    assert [int(record[80:90]) for record in records[1:3]] == [49_895, 1_445_800]
    assert int(records[3][1:7]) == 2 and int(records[3][7:19]) == 1_495_695


def test_a_worker_with_two_statements_gets_one_transfer_of_their_sum(
    operator, yamada, finance
):
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)

    _header, transfers, trailer = parse_transfer_file(
        zengin_file(pay_date=PAY, by=finance), year=2026
    )
    assert [t.amount for t in transfers] == [99_790]
    assert (trailer.count, trailer.total) == (1, 99_790)


def test_running_the_export_twice_gives_the_same_file(w1_and_w4, finance, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    call_command(
        "export_payouts",
        "--pay-date",
        "2026-09-30",
        "-o",
        str(first),
        stdout=StringIO(),
    )
    call_command(
        "export_payouts",
        "--pay-date",
        "2026-09-30",
        "-o",
        str(second),
        stdout=StringIO(),
    )
    assert first.read_bytes() == second.read_bytes() == EXPECTED


def test_a_missing_bank_account_is_held_and_the_others_are_written(
    operator, yamada, finance, tmp_path
):
    nobank = make_worker("nobank", legal_name="口座 なし", with_bank=False)
    make_line(yamada, amount=50_000, received_on=RECEIVED, pay_date=PAY)
    make_line(nobank, amount=10_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    target, err = tmp_path / "zengin.txt", StringIO()

    call_command(
        "export_payouts", "--pay-date", "2026-09-30", "-o", str(target),
        stdout=StringIO(), stderr=err,
    )  # fmt: skip

    _header, transfers, _trailer = parse_transfer_file(target.read_bytes(), year=2026)
    assert [t.recipient_name for t in transfers] == ["ﾔﾏﾀﾞ ﾀﾛｳ"]
    assert f"held 口座 なし (W-{nobank.pk:06d})" in err.getvalue()
    assert "口座が登録されていません" in err.getvalue()


def test_nobody_payable_writes_no_file_and_says_who(operator, finance, tmp_path):
    nobank = make_worker("nobank", legal_name="口座 なし", with_bank=False)
    make_line(nobank, amount=10_000, received_on=RECEIVED, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    target = tmp_path / "zengin.txt"

    with pytest.raises(CommandError) as error:
        call_command("export_payouts", "--pay-date", "2026-09-30", "-o", str(target))

    assert f"口座 なし (W-{nobank.pk:06d})" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_list_dates_prints_the_pay_dates_with_payouts(w1_and_w4):
    out = StringIO()
    call_command("export_payouts", "--list-dates", stdout=out)
    assert out.getvalue().splitlines() == [
        "2026-09-30\tstatements 2\tunpaid 2\tnet ¥1,495,695\tscheduled 0\theld 0"
    ]


def test_paid_statements_are_not_exported_again(w1_and_w4, finance):
    for statement in w1_and_w4:
        payouts.payout_confirm_transfer(statement=statement, by=finance)
    with pytest.raises(payouts.PayoutError) as error:
        zengin_file(pay_date=PAY, by=finance)
    assert error.value.messages == ["2026/09/30 の未払いの支払通知書はありません。"]


def test_bad_command_input_is_one_line(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_payouts", "--pay-date", "30/09/2026", "-o", "x.txt")
    with pytest.raises(CommandError, match="--pay-date"):
        call_command("export_payouts")


@pytest.mark.parametrize("role", ["worker", "director"])
def test_only_finance_exports(w1_and_w4, role):
    from tests.engagements.factories import user_with_roles

    with pytest.raises(PermissionDenied):
        zengin_file(pay_date=PAY, by=user_with_roles(f"{role}-z", role))
