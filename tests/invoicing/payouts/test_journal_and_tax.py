"""Consumption tax on rewards (registered, unregistered with or without tax
added) and the payout journal in Yayoi format (japan.md §1.6, §6.1)."""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from invoicing.models import WorkerFeePolicy
from invoicing.services import payouts
from invoicing.services.payouts.journal import (
    payout_journal_entry,
    worker_cost_entries_of,
)
from invoicing.yayoi import build_yayoi

from .factories import make_line, make_worker

PAY = datetime.date(2026, 4, 30)
MARCH = datetime.date(2026, 3, 10)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("cp932"))))


def test_w1_books_the_cost_on_receipt_and_the_transfer_on_the_pay_date(
    operator, finance
):
    """The W1 voucher of japan.md §6.1 in two steps (accrual, issue 18): the
    cost and the withholding in March, when the work was received, and the
    transfer from 未払金 on the April pay date."""
    yamada = make_worker("yamada2", legal_name="山田太郎")
    make_line(yamada, amount=50_000, received_on=MARCH, pay_date=PAY)
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)

    [cost] = worker_cost_entries_of(statement, list(statement.lines.all()))
    payment = payout_journal_entry(statement)

    assert _rows(build_yayoi([cost, payment])) == [
        ["2110", "", "", "2026/03/10", "外注費", "", "", "課対仕入内10%", "55000",
         "5000", "未払金", "山田太郎", "", "対象外", "49895", "0",
         "山田太郎 3月受領 報酬 PS-2026-000001", "", "", "0", "", "", "0", "0", "no"],
        ["2101", "", "", "2026/03/10", "", "", "", "", "0", "0", "預り金",
         "源泉所得税", "", "対象外", "5105", "0", "山田太郎 源泉所得税", "", "", "0",
         "", "", "0", "0", "no"],
        ["2000", "", "", "2026/04/30", "未払金", "山田太郎", "", "対象外", "49895",
         "0", "普通預金", "", "", "対象外", "49895", "0",
         "山田太郎 4月支払 報酬 PS-2026-000001", "", "", "0", "", "", "0", "0", "no"],
    ]  # fmt: skip


def test_an_unregistered_worker_is_paid_tax_and_the_journal_credits_80_then_70(
    operator, finance
):
    worker = make_worker("menzei", legal_name="免税 一郎", registration_number="")
    pay = datetime.date(2026, 10, 30)
    make_line(
        worker, amount=100_000, received_on=datetime.date(2026, 9, 25), pay_date=pay
    )
    make_line(
        worker, amount=50_000, received_on=datetime.date(2026, 10, 2), pay_date=pay
    )
    [statement] = payouts.payout_run(pay_date=pay, by=finance)
    assert (statement.tax_treatment, statement.consumption_tax) == (
        "unregistered_add",
        15_000,
    )
    # The cost is booked in the month each part was received (issue 18).
    september, october = worker_cost_entries_of(statement, list(statement.lines.all()))
    debits = [(entry.date, line.debit_tax_category, line.debit_amount, line.debit_tax)
              for entry in (september, october)
              for line in entry.lines if line.debit_account]  # fmt: skip
    # 80% of 10,000 received before 2026-10-01, 70% of 5,000 after (§1.6).
    assert debits == [
        (datetime.date(2026, 9, 25), "課対仕入内10%区80", 110_000, 8_000),
        (datetime.date(2026, 10, 2), "課対仕入内10%区70", 55_000, 3_500),
    ]
    assert "経過措置80%" in september.lines[0].memo
    assert september.debit_total + october.debit_total == 165_000
    assert september.credit_total + october.credit_total == 165_000


def test_an_unregistered_worker_without_tax_added_is_paid_the_reward(operator, finance):
    operator.unregistered_worker_tax = "no_tax"
    operator.save()
    worker = make_worker("notax", legal_name="免税 二郎", registration_number="")
    pay = datetime.date(2026, 11, 30)
    make_line(
        worker, amount=110_000, received_on=datetime.date(2026, 10, 20), pay_date=pay
    )
    [statement] = payouts.payout_run(pay_date=pay, by=finance)
    assert (statement.consumption_tax, statement.gross) == (0, 110_000)
    # Withheld on the price, which is all the worker is paid: 11,231.
    assert (statement.withholding, statement.net) == (11_231, 98_769)
    [cost] = worker_cost_entries_of(statement, list(statement.lines.all()))
    [debit] = [line for line in cost.lines if line.debit_account]
    # 10/110 of the price is tax; 70% of it may be credited.
    assert (debit.debit_amount, debit.debit_tax) == (110_000, 7_000)


def test_the_fee_is_booked_as_the_operators_sale(operator, yamada, finance):
    WorkerFeePolicy.objects.create(kind="flat", rate=Decimal("0.10"))
    make_line(yamada, amount=100_000, received_on=MARCH, pay_date=PAY, fee=10_000)
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    assert (statement.gross, statement.fee, statement.withholding, statement.net) == (
        110_000,
        10_000,
        10_210,
        89_790,
    )
    # Paid from 未払金 (gross less the withholding booked with the cost).
    entry = payout_journal_entry(statement)
    credits = [
        (line.credit_account, line.credit_sub, line.credit_amount, line.credit_tax)
        for line in entry.lines
    ]
    assert credits == [
        ("普通預金", "", 89_790, 0),
        ("売上高", "システム利用料", 10_000, 909),
    ]
    assert entry.debit_total == entry.credit_total == 99_790


def test_export_journal_writes_the_payouts_of_the_period(
    operator, yamada, sato, finance, tmp_path
):
    make_line(yamada, amount=50_000, received_on=MARCH, pay_date=PAY)
    make_line(sato, amount=1_500_000, received_on=MARCH, pay_date=PAY)
    make_line(sato, amount=10_000, received_on=PAY, pay_date=datetime.date(2026, 5, 29))
    payouts.payout_run(pay_date=PAY, by=finance)
    payouts.payout_run(pay_date=datetime.date(2026, 5, 29), by=finance)
    target = tmp_path / "journal.csv"
    out = StringIO()

    call_command(
        "export_journal", "--period", "2026-04", "--source", "payouts",
        "-o", str(target), stdout=out,
    )  # fmt: skip

    # The April payments, from 未払金: the withholding (5,105 and 204,200)
    # was booked with the cost in March (accrual journal, issue 18).
    assert "payouts 2" in out.getvalue()
    rows = _rows(target.read_bytes())
    assert [row[0] for row in rows] == ["2000", "2000"]
    assert {row[3] for row in rows} == {"2026/04/30"}
    debit = sum(int(row[8]) for row in rows)
    credit = sum(int(row[14]) for row in rows)
    assert debit == credit == 49_895 + 1_445_800
