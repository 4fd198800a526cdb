"""弥生インポート形式: japan.md §6.1's sample lines, balance and refusals."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from invoicing.yayoi import (
    JournalEntry,
    JournalLine,
    RateTotal,
    YayoiError,
    build_yayoi,
    sales_discount_entry,
    sales_invoice_entry,
    worker_payment_entry,
)

TEN, EIGHT = Decimal("0.10"), Decimal("0.08")

# japan.md §6.1, copied as printed (the doc's # comment lines left out).
R2_LINE = (
    "2000,,,2026/03/31,売掛金,株式会社サンプル,,対象外,306801,0,売上高,,,"
    "課税売上内10%,306801,27891,3月分 記事制作・デザイン・進行管理費,,,0,,,0,0,no"
)
W1_LINES = [
    "2110,,,2026/04/30,外注費,,,課対仕入内10%,55000,5000,普通預金,,,対象外,"
    "49895,0,山田太郎 3月分原稿料,,,0,,,0,0,no",
    "2101,,,2026/04/30,,,,,0,0,預り金,源泉所得税,,対象外,5105,0,"
    "山田太郎 源泉所得税,,,0,,,0,0,no",
]


def r2_invoice():
    # R2: 278,910 tax-exclusive at 10%, tax 27,891 rounded once: 306,801.
    return sales_invoice_entry(
        date=date(2026, 3, 31),
        client_name="株式会社サンプル",
        totals=[RateTotal(TEN, 306_801, 27_891)],
        memo="3月分 記事制作・デザイン・進行管理費",
    )


def w1_payment():
    # W1: fee 50,000 + tax 5,000; withholding 50,000 x 10.21% = 5,105.
    return worker_payment_entry(
        date=date(2026, 4, 30),
        worker_name="山田太郎",
        description="3月分原稿料",
        amount=55_000,
        tax=5_000,
        withholding=5_105,
    )


def _lines(data: bytes) -> list[str]:
    text = data.decode("cp932")
    assert text.endswith("\r\n")
    return text.split("\r\n")[:-1]


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))


def test_sales_invoice_reproduces_the_r2_sample_line():
    data = build_yayoi([r2_invoice()])

    assert data == (R2_LINE + "\r\n").encode("cp932")


def test_worker_payment_reproduces_the_w1_voucher():
    data = build_yayoi([w1_payment()])

    assert _lines(data) == W1_LINES


def test_credit_note_cn2_books_a_sales_discount_of_880_with_80_tax():
    entry = sales_discount_entry(
        date=date(2026, 4, 15),
        client_name="株式会社サンプル",
        totals=[RateTotal(TEN, 880, 80)],
        memo="振込手数料差引分",
    )

    assert _lines(build_yayoi([entry])) == [
        "2000,,,2026/04/15,売上値引高,,,課税売返内10%,880,80,売掛金,株式会社サンプル,,"
        "対象外,880,0,振込手数料差引分,,,0,,,0,0,no"
    ]


def test_export_parses_back_with_every_entry_balanced():
    data = build_yayoi([r2_invoice(), w1_payment(), _mixed_rate_invoice()])

    rows = _rows(data)
    assert data.decode("cp932").count("\r\n") == len(rows) == 5
    assert {len(row) for row in rows} == {25}
    assert rows[0][0] != "識別フラグ"  # no header row: Yayoi would import it
    entries, current = [], []
    for row in rows:
        current.append(row)
        if row[0] in ("2000", "2101"):  # a single line, or a voucher's last
            entries.append(current)
            current = []
    assert current == []
    assert [[row[0] for row in e] for e in entries] == [
        ["2000"],
        ["2110", "2101"],
        ["2110", "2101"],
    ]
    for entry in entries:
        amounts = [int(row[col]) for row in entry for col in (8, 9, 14, 15)]
        assert all(a >= 0 for a in amounts)
        assert sum(int(r[8]) for r in entry) == sum(int(r[14]) for r in entry)
    assert [sum(int(r[8]) for r in e) for e in entries] == [306_801, 55_000, 11_337]
    assert all(re.fullmatch(r"\d{4}/\d{2}/\d{2}", row[3]) for row in rows)


def _mixed_rate_invoice():
    # R3: 10% lines 7,035 (tax 703), 8% lines 3,333 (tax 266), tax-exclusive.
    return sales_invoice_entry(
        date=date(2026, 3, 31),
        client_name="株式会社サンプル",
        totals=[RateTotal(TEN, 7_738, 703), RateTotal(EIGHT, 3_599, 266)],
        memo="3月分",
    )


def test_two_tax_rates_make_a_voucher_with_the_whole_receivable_first():
    assert _lines(build_yayoi([_mixed_rate_invoice()])) == [
        "2110,,,2026/03/31,売掛金,株式会社サンプル,,対象外,11337,0,売上高,,,"
        "課税売上内10%,7738,703,3月分,,,0,,,0,0,no",
        "2101,,,2026/03/31,,,,,0,0,売上高,,,課税売上内軽減8%,3599,266,3月分,,,0,,,0,0,no",
    ]


def test_a_voucher_of_three_lines_has_a_middle_flag():
    entry = JournalEntry(
        date(2026, 4, 30),
        [
            JournalLine(debit_account="外注費", debit_amount=30_000),
            JournalLine(debit_account="外注費", debit_amount=20_000),
            JournalLine(credit_account="普通預金", credit_amount=50_000),
        ],
    )

    assert [row[0] for row in _rows(build_yayoi([entry]))] == ["2110", "2100", "2101"]


def test_payment_without_withholding_is_one_line():
    # W6: programming 300,000 + tax 30,000, no withholding.
    entry = worker_payment_entry(
        date=date(2026, 4, 30),
        worker_name="佐藤花子",
        description="3月分システム開発",
        amount=330_000,
        tax=30_000,
        withholding=0,
    )

    (row,) = _rows(build_yayoi([entry]))
    assert row[:16] == [
        "2000",
        "",
        "",
        "2026/04/30",
        "外注費",
        "",
        "",
        "課対仕入内10%",
        "330000",
        "30000",
        "普通預金",
        "",
        "",
        "対象外",
        "330000",
        "0",
    ]


def _line(**changes) -> JournalLine:
    """A balanced line 外注費 / 普通預金 1,000 with ``changes`` applied."""
    fields = {
        "debit_account": "外注費",
        "debit_amount": 1_000,
        "credit_account": "普通預金",
        "credit_amount": 1_000,
    }
    return JournalLine(**fields | changes)


def _entry(*lines: JournalLine, **fields) -> JournalEntry:
    return JournalEntry(date(2026, 4, 30), lines or [_line()], **fields)


def test_unbalanced_entry_is_refused_and_nothing_is_written():
    bad = _entry(_line(debit_amount=55_000, credit_amount=49_895))

    with pytest.raises(YayoiError) as caught:
        build_yayoi([r2_invoice(), bad])

    assert (caught.value.entry, caught.value.line) == (2, None)
    assert "55000" in caught.value.reason and "49895" in caught.value.reason


@pytest.mark.parametrize(
    "changes",
    [
        {"debit_amount": -1, "credit_amount": -1},
        {"debit_amount": 1000.0},
        {"debit_tax": 1_001},  # tax larger than the amount
        {"debit_account": ""},  # an amount without an account
        {"debit_amount": 0, "credit_amount": 0},  # accounts without amounts
        {"memo": "𠮷田"},  # 𠮷 is not in Shift_JIS
        {"memo": "二行の\n摘要"},
    ],
)
def test_a_line_yayoi_cannot_take_is_refused(changes):
    with pytest.raises(YayoiError) as caught:
        build_yayoi([_entry(_line(**changes))])

    assert (caught.value.entry, caught.value.line) == (1, 1)


def test_dates_outside_the_period_are_refused():
    period = (date(2026, 4, 1), date(2026, 4, 30))

    assert build_yayoi([w1_payment()], period=period)
    with pytest.raises(YayoiError):
        build_yayoi([w1_payment(), r2_invoice()], period=period)


def test_a_memo_with_a_comma_is_quoted_and_reads_back_whole():
    data = build_yayoi([_entry(_line(memo='記事作成, "校正"'))])

    assert '"記事作成, ""校正"""' in data.decode("cp932")
    assert _rows(data)[0][16] == '記事作成, "校正"'


def test_characters_cp932_lacks_but_people_paste_are_replaced():
    data = build_yayoi([_entry(_line(memo="4月分\u2014記事"))])  # em dash

    assert _rows(data)[0][16] == "4月分\u2015記事"


def test_voucher_numbers_and_closing_marks_are_written_when_given():
    entry = _entry(voucher_no="123", closing="本決")

    assert _rows(build_yayoi([entry]))[0][:3] == ["2000", "123", "本決"]
    for bad in ({"voucher_no": "1234567"}, {"voucher_no": "12a"}, {"closing": "x"}):
        with pytest.raises(YayoiError):
            build_yayoi([_entry(**bad)])


def test_withholding_must_leave_something_to_transfer():
    with pytest.raises(ValueError):
        worker_payment_entry(
            date=date(2026, 4, 30),
            worker_name="山田太郎",
            description="原稿料",
            amount=5_000,
            tax=0,
            withholding=5_000,
        )
