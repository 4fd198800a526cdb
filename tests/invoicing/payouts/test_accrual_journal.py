"""The accrual journal (issue 18) in the three formats: revenue when the
invoice is issued after 検収, money in on the bank date (with the deducted
fee as 支払手数料), worker cost in the month the work was received, the
transfer on the pay date. The freee and MoneyForward files parse back into
balanced entries whose totals equal the Yayoi file's."""

import csv
import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from invoicing.services import payouts
from invoicing.services.billing import payment_record
from invoicing.services.billing_close import month_close
from tests.invoicing.billing import factories as bf

from .factories import make_line

MARCH_10, MARCH_25, APRIL_2 = (datetime.date(2026, m, d) for m, d in
                               ((3, 10), (3, 25), (4, 2)))  # fmt: skip
PAY = datetime.date(2026, 4, 30)


@pytest.fixture
def books(operator, finance, yamada, sato):
    """An invoice issued 3/31 and paid 3/31 less an ¥880 fee; Yamada's work
    received 3/10, Sato's 3/25 and 4/2, all paid on 4/30."""
    sample = bf.client()
    bf.completed_engagement(
        sample, "記事作成", [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10),
    )  # fmt: skip
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    invoice = sample.invoices.get()
    payment_record(
        invoice=invoice, by=finance, amount=invoice.total - 880, discount=880,
        received_on=datetime.date(2026, 3, 31), note="振込手数料",
    )  # fmt: skip
    make_line(yamada, amount=50_000, received_on=MARCH_10, pay_date=PAY)
    make_line(sato, amount=10_000, received_on=MARCH_25, pay_date=PAY)
    make_line(sato, amount=5_000, received_on=APRIL_2, pay_date=PAY)
    payouts.payout_run(pay_date=PAY, by=finance)
    return invoice


def _export(period, fmt, tmp_path):
    target = tmp_path / f"{period}-{fmt}.csv"
    call_command(
        "export_journal", "--period", period, "--format", fmt, "-o", str(target),
        stdout=io.StringIO(),
    )  # fmt: skip
    return list(csv.reader(io.StringIO(target.read_bytes().decode("cp932"))))


def _amount(text):
    return int(text) if text else 0


def _yayoi(rows):
    """[(date, [(debit account, amount, credit account, amount), ...]), ...]"""
    entries, current = [], []
    for row in rows:
        current.append((row[4], _amount(row[8]), row[10], _amount(row[14])))
        if row[0] in ("2000", "2101"):
            entries.append((row[3], current))
            current = []
    return entries


def _grouped(rows, key, sides):
    header, *data = rows
    col = {name: header.index(name) for name in [*key, *sides]}
    entries = defaultdict(list)
    for row in data:
        da, dm, ca, cm = (row[col[name]] for name in sides)
        entries[tuple(row[col[k]] for k in key)].append(
            (da, _amount(dm), ca, _amount(cm))
        )
    return [(k[-1], v) for k, v in entries.items()]  # (date, lines)


def _moneyforward(rows):
    sides = ["借方勘定科目", "借方金額(円)", "貸方勘定科目", "貸方金額(円)"]
    return _grouped(rows, ["取引No", "取引日"], sides)


def _freee(rows):
    sides = ["借方勘定科目", "借方金額", "貸方勘定科目", "貸方金額"]
    return _grouped(rows, ["伝票番号", "日付"], sides)


def _account_totals(entries):
    totals = defaultdict(lambda: [0, 0])
    for _date, lines in entries:
        for debit_account, debit, credit_account, credit in lines:
            if debit_account:
                totals[debit_account][0] += debit
            if credit_account:
                totals[credit_account][1] += credit
    return dict(totals)


@pytest.mark.parametrize("period", ["2026-03", "2026-04"])
def test_freee_and_moneyforward_parse_back_balanced_with_the_yayoi_totals(
    books, period, tmp_path
):
    yayoi = _yayoi(_export(period, "yayoi", tmp_path))
    for parsed in (
        _moneyforward(_export(period, "moneyforward", tmp_path)),
        _freee(_export(period, "freee", tmp_path)),
    ):
        assert len(parsed) == len(yayoi)
        for (day, lines), (yayoi_day, yayoi_lines) in zip(parsed, yayoi, strict=True):
            debit = sum(line[1] for line in lines)
            assert debit == sum(line[3] for line in lines) > 0  # balanced
            assert (day, debit) == (yayoi_day, sum(x[1] for x in yayoi_lines))
        assert _account_totals(parsed) == _account_totals(yayoi)


def test_worker_cost_lands_in_the_month_the_work_was_received(books, tmp_path):
    march = _account_totals(_yayoi(_export("2026-03", "yayoi", tmp_path)))
    april = _account_totals(_yayoi(_export("2026-04", "yayoi", tmp_path)))
    # Yamada 55,000 and Sato's March part 11,000 (of 16,500) with the tax.
    assert march["外注費"] == [66_000, 0]
    # Withheld 5,105 (Yamada) and Sato's 1,531 shared 1,020 / 511 by amount.
    assert march["預り金"] == [0, 5_105 + 1_020]
    assert march["未払金"] == [0, 66_000 - 6_125]
    assert april["外注費"] == [5_500, 0]
    assert april["預り金"] == [0, 511]
    # Paid on 4/30: 未払金 cleared to the yen, nothing paid in March.
    paid = 49_895 + (16_500 - 1_531)
    assert april["未払金"] == [paid, 5_500 - 511]
    assert april["普通預金"] == [0, paid]
    assert "普通預金" not in march or march["普通預金"][1] == 0


def test_revenue_and_the_receipt_with_its_fee_are_booked_in_march(books, tmp_path):
    march = _account_totals(_yayoi(_export("2026-03", "yayoi", tmp_path)))
    total = books.total
    assert march["売上高"] == [0, total]
    assert march["売掛金"] == [total, total]  # issued and received in full
    assert march["普通預金"] == [total - 880, 0]
    assert march["支払手数料"] == [880, 0]
