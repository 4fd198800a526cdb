"""Consumption tax on a document: rounded once per rate, never per line
(消費税法57条の4, NTA Q&A 問57). Cases R1–R4, C1–C3, CN1–CN2 of the domain
notes (japan.md §1.3, §1.4, §4)."""

from decimal import Decimal

import pytest

from enterprise.money import (
    TaxBucket,
    credit_note_required,
    round_yen,
    tax_by_rate,
    tax_on,
    tax_totals,
)

TEN = Decimal("0.10")
EIGHT = Decimal("0.08")


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("5454.54", "down", 5454),
        ("5454.54", "up", 5455),
        ("5454.54", "half_up", 5455),
        ("2.5", "down", 2),
        ("2.5", "half_up", 3),
        ("2.4999", "half_up", 2),
        ("7.0", "up", 7),
        ("-2.5", "down", -2),  # a refund mirrors the charge
        ("-2.5", "half_up", -3),
    ],
)
def test_round_yen_applies_the_chosen_mode(value, mode, expected):
    assert round_yen(Decimal(value), mode) == expected


def test_round_yen_refuses_floats_and_unknown_modes():
    with pytest.raises(TypeError):
        round_yen(5454.54, "down")
    with pytest.raises(ValueError):
        round_yen(Decimal("1.5"), "banker")


def test_r1_tax_inclusive_summary_invoice_rounds_each_rate_once():
    buckets = tax_by_rate(
        [(60_000, TEN), (40_000, EIGHT)], rounding="down", inclusive=True
    )
    assert buckets[TEN] == TaxBucket(rate=TEN, base=54_546, tax=5_454, total=60_000)
    assert buckets[EIGHT] == TaxBucket(rate=EIGHT, base=37_038, tax=2_962, total=40_000)
    assert tax_totals(buckets) == (91_584, 8_416, 100_000)


def test_buckets_come_highest_rate_first():
    buckets = tax_by_rate([(1_000, EIGHT), (1_000, TEN)], rounding="down")
    assert list(buckets) == [TEN, EIGHT]


R2_LINES = [(198_000, TEN), (55_555, TEN), (25_355, TEN)]  # 記事作成, ロゴ, 進行管理費


@pytest.mark.parametrize("rounding", ["down", "half_up"])
def test_r2_crowdsourcing_invoice_pools_the_lines_before_rounding(rounding):
    bucket = tax_by_rate(R2_LINES, rounding=rounding)[TEN]
    assert (bucket.base, bucket.tax, bucket.total) == (278_910, 27_891, 306_801)


@pytest.mark.parametrize(("rounding", "wrong"), [("down", 27_890), ("half_up", 27_892)])
def test_r2_never_gives_the_per_line_answer(rounding, wrong):
    per_line = sum(round_yen(amount * TEN, rounding) for amount, _rate in R2_LINES)
    assert per_line == wrong
    assert tax_by_rate(R2_LINES, rounding=rounding)[TEN].tax != wrong


def test_r3_mixed_rates_round_once_per_rate():
    lines = [(1_234, TEN), (2_345, TEN), (3_456, TEN), (1_111, EIGHT), (2_222, EIGHT)]
    buckets = tax_by_rate(lines, rounding="down")
    assert (buckets[TEN].base, buckets[TEN].tax) == (7_035, 703)
    assert (buckets[EIGHT].base, buckets[EIGHT].tax) == (3_333, 266)
    # Per line, round down, would give 702 and 265.
    assert sum(round_yen(a * r, "down") for a, r in lines if r == TEN) == 702
    assert sum(round_yen(a * r, "down") for a, r in lines if r == EIGHT) == 265


def test_r4_three_small_lines_give_31_not_30():
    bucket = tax_by_rate([(105, TEN)] * 3, rounding="down")[TEN]
    assert bucket.tax == 31
    assert sum(round_yen(105 * TEN, "down") for _ in range(3)) == 30


def test_c1_direction_fee_alone():
    assert tax_on(25_355, TEN, rounding="down") == TaxBucket(TEN, 25_355, 2_535, 27_890)


def test_c2_tax_inclusive_amount_splits_exactly():
    assert tax_on(11_000, TEN, rounding="down", inclusive=True) == TaxBucket(
        TEN, 10_000, 1_000, 11_000
    )


def test_c3_tax_exclusive_figure_is_inclusive_minus_tax():
    bucket = tax_on(10_999, TEN, rounding="down", inclusive=True)
    assert (bucket.tax, bucket.base) == (999, 10_000)
    assert tax_on(10_999, TEN, rounding="half_up", inclusive=True).tax == 1_000


def test_tax_refuses_floats():
    with pytest.raises(TypeError):
        tax_by_rate([(1_000, 0.1)], rounding="down")
    with pytest.raises(TypeError):
        tax_by_rate([(1_000.0, TEN)], rounding="down")


@pytest.mark.django_db
def test_cn1_refund_of_11000_needs_a_credit_note():
    assert tax_on(11_000, TEN, rounding="down", inclusive=True).tax == 1_000
    assert credit_note_required(11_000) is True


@pytest.mark.django_db
def test_cn2_transfer_fee_discount_under_10000_needs_none():
    assert tax_on(880, TEN, rounding="down", inclusive=True).tax == 80
    assert credit_note_required(880) is False
    assert credit_note_required(9_999) is False
    assert credit_note_required(10_000) is True
