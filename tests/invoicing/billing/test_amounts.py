"""japan.md §1.3, §1.4 and §4: the worked examples, in exact yen, through the
invoice services. Each also shows what rounding per line would have given,
so an invoice that rounded per line would fail here."""

import datetime
from decimal import Decimal

import pytest

from enterprise import money
from invoicing.services.billing import (
    CreditLineInput,
    LineInput,
    credit_note_issue,
    invoice_create,
    invoice_issue,
    payment_record,
)
from invoicing.services.billing_close import month_close

from . import factories as f

TEN, EIGHT = Decimal("0.10"), Decimal("0.08")
MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
APRIL_10 = datetime.date(2026, 4, 10)


def per_line_tax(amounts, rate, rounding="down", inclusive=False):
    """What the forbidden per-line rounding gives (NTA Q&A 問57)."""
    return sum(
        money.tax_on(a, rate, rounding=rounding, inclusive=inclusive).tax
        for a in amounts
    )


def _invoice(client, lines, by, **kwargs):
    return invoice_create(
        client=client, lines=lines, period_start=MARCH[0], period_end=MARCH[1],
        by=by, **kwargs,
    )  # fmt: skip


def _buckets(invoice):
    return {row["rate"]: (row["base"], row["tax"]) for row in invoice.tax_breakdown}


def test_r1_tax_inclusive_summary_rounds_each_rate_once(sample, finance):
    lines = [
        LineInput("文具", 10_999, TEN),
        LineInput("事務用品", 49_001, TEN),
        LineInput("飲料", 40_000, EIGHT),
    ]
    invoice = _invoice(sample, lines, finance, tax_inclusive=True)

    assert _buckets(invoice) == {"0.10": (54_546, 5_454), "0.08": (37_038, 2_962)}
    assert (invoice.tax, invoice.total) == (8_416, 100_000)
    assert per_line_tax([10_999, 49_001], TEN, inclusive=True) == 5_453


def test_r2_month_close_bills_work_and_pooled_direction_fee(sample, finance, operator):
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

    month_close(period="2026-03", by=finance, today=APRIL_10)

    invoice = sample.invoices.get()
    assert [(line.description, line.amount) for line in invoice.lines.all()] == [
        ("記事作成", 198_000),
        ("ロゴデザイン", 55_555),
        ("進行管理費", 25_355),
    ]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (278_910, 27_891, 306_801)
    assert per_line_tax([198_000, 55_555, 25_355], TEN) == 27_890


def test_r2_half_up_gives_the_same_tax_once_per_rate(finance):
    client = f.client(tax_rounding="half_up")
    lines = [
        LineInput("記事作成", 198_000),
        LineInput("ロゴデザイン", 55_555),
        LineInput("進行管理費", 25_355),
    ]
    invoice = _invoice(client, lines, finance)

    assert (invoice.tax, invoice.total) == (27_891, 306_801)
    assert per_line_tax([198_000, 55_555, 25_355], TEN, "half_up") == 27_892


def test_r3_mixed_rates_round_per_rate(sample, finance):
    lines = [
        LineInput(f"10%品目{n}", a, TEN) for n, a in enumerate((1_234, 2_345, 3_456))
    ]
    lines += [LineInput(f"8%品目{n}", a, EIGHT) for n, a in enumerate((1_111, 2_222))]
    invoice = _invoice(sample, lines, finance)

    assert _buckets(invoice) == {"0.10": (7_035, 703), "0.08": (3_333, 266)}
    assert per_line_tax([1_234, 2_345, 3_456], TEN) == 702
    assert per_line_tax([1_111, 2_222], EIGHT) == 265


def test_r4_itemised_invoice_taxes_three_lines_of_105_once(finance, operator):
    client = f.client(invoice_detail=True, direction_fee_kind="fixed")
    f.completed_engagement(
        client, "小物", [("部品A", 1, 105), ("部品B", 1, 105), ("部品C", 1, 105)],
        completed_on=datetime.date(2026, 3, 5),
    )  # fmt: skip

    month_close(period="2026-03", by=finance, today=APRIL_10)

    invoice = client.invoices.get()
    assert [line.description for line in invoice.lines.all()] == [
        "部品A",
        "部品B",
        "部品C",
    ]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (315, 31, 346)
    assert per_line_tax([105, 105, 105], TEN) == 30


def test_c1_direction_fee_alone(sample, finance):
    invoice = _invoice(sample, [LineInput("進行管理費", 25_355)], finance)

    assert (invoice.tax, invoice.total) == (2_535, 27_890)


@pytest.mark.parametrize(
    ("inclusive", "tax", "exclusive"), [(11_000, 1_000, 10_000), (10_999, 999, 10_000)]
)
def test_c2_c3_tax_inclusive_amounts(sample, finance, inclusive, tax, exclusive):
    invoice = _invoice(
        sample, [LineInput("作業", inclusive)], finance, tax_inclusive=True
    )

    assert (invoice.subtotal, invoice.tax, invoice.total) == (exclusive, tax, inclusive)


def _issued(client, by, amount):
    invoice = _invoice(client, [LineInput("記事作成", amount)], by)
    return invoice_issue(invoice=invoice, by=by, issue_date=MARCH[1])


def test_cn1_credit_note_of_11000_carries_1000_tax(sample, finance, operator):
    invoice = _issued(sample, finance, 100_000)

    note = credit_note_issue(
        invoice=invoice, by=finance, reason="納品物の一部取り下げ",
        lines=[CreditLineInput("記事作成 1本分の値引き", 11_000)],
        issue_date=datetime.date(2026, 4, 15),
    )  # fmt: skip

    assert money.credit_note_required(11_000, on=note.issue_date)
    assert (note.subtotal, note.tax, note.total) == (10_000, 1_000, 11_000)
    invoice.refresh_from_db()
    assert (invoice.credited_total, invoice.balance) == (11_000, 99_000)


def test_cn2_deducted_transfer_fee_needs_no_credit_note(sample, finance, operator):
    invoice = _issued(sample, finance, 100_000)  # 110,000 with tax

    payment = payment_record(
        invoice=invoice, by=finance, amount=109_120, discount=880,
        received_on=datetime.date(2026, 4, 30), note="振込手数料差引",
    )  # fmt: skip

    assert not money.credit_note_required(880, on=payment.received_on)
    assert (payment.discount, payment.discount_tax) == (880, 80)
    invoice.refresh_from_db()
    assert (invoice.state, invoice.balance) == ("paid", 0)
    assert not invoice.credit_notes.exists()
