"""The period's sales journal in Yayoi import format parses back as Shift_JIS
CSV, every entry balances, and its totals equal the period's documents."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from invoicing.models import Invoice
from invoicing.services.billing import (
    CreditLineInput,
    credit_note_issue,
    payment_record,
)
from invoicing.services.billing_close import month_close

from . import factories as f


@pytest.fixture
def march(finance, operator):
    """Two clients closed for March, a credit note and a deduction in April."""
    sample, other = f.client(), f.client("合同会社ほか", closing_day=20)
    f.completed_engagement(
        sample,
        "記事作成",
        [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10),
    )
    f.completed_engagement(
        sample, "ロゴデザイン", [("ロゴデザイン", 1, 55_555)],
        completed_on=datetime.date(2026, 3, 20),
    )  # fmt: skip
    f.completed_engagement(
        other, "翻訳", [("翻訳", 1, 40_000)], completed_on=datetime.date(2026, 3, 18)
    )
    month_close(period="2026-03", by=finance, today=datetime.date(2026, 4, 10))
    return sample, other


def _rows(path):
    text = path.read_bytes().decode("cp932")
    assert not text.startswith("#") and "識別フラグ" not in text  # no header row
    return list(csv.reader(io.StringIO(text)))


def _entries(rows):
    """Group rows into entries by the 識別フラグ (2000 alone, 2110..2101)."""
    entries, current = [], []
    for row in rows:
        current.append(row)
        if row[0] in ("2000", "2101"):
            entries.append(current)
            current = []
    assert current == []
    return entries


def test_march_sales_journal_matches_the_invoices(march, tmp_path):
    out = tmp_path / "march.csv"
    call_command(
        "export_journal", "--period", "2026-03", "--format", "yayoi", "-o", out
    )

    rows = _rows(out)
    assert all(len(row) == 25 for row in rows)
    entries = _entries(rows)
    for entry in entries:
        assert sum(int(r[8]) for r in entry) == sum(int(r[14]) for r in entry)
    invoices = Invoice.objects.filter(issue_date__month=3)
    assert len(entries) == invoices.count() == 2
    receivable = [r for r in rows if r[4] == "売掛金"]
    assert sum(int(r[8]) for r in receivable) == sum(i.total for i in invoices)
    sales = [r for r in rows if r[10] == "売上高"]
    assert sum(int(r[15]) for r in sales) == sum(i.tax for i in invoices)
    r2 = next(r for r in rows if r[5] == "株式会社サンプル")
    assert r2[:16] == [
        "2000", "", "", "2026/03/31", "売掛金", "株式会社サンプル", "", "対象外",
        "306801", "0", "売上高", "", "", "課税売上内10%", "306801", "27891",
    ]  # fmt: skip
    other = next(r for r in rows if r[5] == "合同会社ほか")
    assert (other[3], other[8], other[15]) == ("2026/03/20", "48400", "4400")


def test_april_books_the_credit_note_and_the_deducted_fee(march, finance, tmp_path):
    """The accrual journal (issue 18) books money in on the bank date:
    普通預金 and 支払手数料 (the deducted transfer fee we bear, no longer a
    売上値引) / 売掛金 for both."""
    sample, _other = march
    invoice = sample.invoices.get()
    credit_note_issue(
        invoice=invoice, by=finance, reason="値引き",
        issue_date=datetime.date(2026, 4, 15),
        lines=[CreditLineInput("記事作成 値引き", 11_000)],
    )  # fmt: skip
    received = invoice.balance - 11_000 - 880
    payment_record(
        invoice=invoice, by=finance, amount=received,
        discount=880, received_on=datetime.date(2026, 4, 30), note="振込手数料",
    )  # fmt: skip
    out = tmp_path / "april.csv"
    call_command("export_journal", "--period", "2026-04", "-o", str(out))

    rows = _rows(out)
    assert [(r[3], r[4], r[8], r[9], r[10], r[14]) for r in rows] == [
        ("2026/04/15", "売上値引高", "11000", "1000", "売掛金", "11000"),
        ("2026/04/30", "普通預金", str(received), "0", "売掛金", str(received + 880)),
        ("2026/04/30", "支払手数料", "880", "80", "", "0"),
    ]
    assert [r[0] for r in rows] == ["2000", "2110", "2101"]
    assert [r[7] for r in rows] == ["課税売返内10%", "対象外", "課対仕入内10%"]


def test_a_malformed_period_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("export_journal", "--period", "2026-3", "-o", str(tmp_path / "x"))
