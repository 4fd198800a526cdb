"""源泉徴収 on fees to individuals: W1–W9 of the domain notes (japan.md §2.5).

The rule (10.21% up to ¥1,000,000 per payment, then 20.42% + ¥102,100, cut
to the yen) is read from the WithholdingRule table for the payment date.
"""

from datetime import date
from decimal import Decimal

import pytest

from enterprise.models import WithholdingRule
from enterprise.money import (
    Withholding,
    WithholdingLine,
    payment_report_required,
    withholding_for_lines,
    withholding_tax,
)

pytestmark = pytest.mark.django_db

PAID_ON = date(2026, 4, 30)


def pay(lines, *, individual=True, separated=True, on=PAID_ON):
    return withholding_for_lines(
        lines, payee_is_individual=individual, tax_separated=separated, on=on
    )


def test_w1_writing_fee_with_tax_shown_separately():
    assert pay([WithholdingLine(50_000, 5_000, subject=True)]) == Withholding(
        base=50_000, withheld=5_105, gross=55_000, transfer=49_895
    )


def test_w2_same_job_tax_inclusive_only():
    result = pay([WithholdingLine(50_000, 5_000, subject=True)], separated=False)
    assert (result.base, result.withheld, result.transfer) == (55_000, 5_615, 49_385)


@pytest.mark.parametrize(
    ("amount", "withheld"),
    [(999_999, 102_099), (1_000_000, 102_100), (1_000_001, 102_100)],
)
def test_w3_boundary_of_the_higher_rate(amount, withheld):
    assert withholding_tax(amount, on=PAID_ON) == withheld


def test_w4_design_fee_above_one_million():
    result = pay([(1_500_000, 150_000, True)])
    assert (result.withheld, result.transfer) == (204_200, 1_445_800)


def test_w5_only_the_design_line_is_subject():
    result = pay([(100_000, 10_000, True), (200_000, 20_000, False)])
    assert result == Withholding(
        base=100_000, withheld=10_210, gross=330_000, transfer=319_790
    )


def test_w6_programming_is_not_subject():
    result = pay([(300_000, 30_000, False)])
    assert (result.withheld, result.transfer) == (0, 330_000)


def test_w7_company_has_nothing_withheld_but_still_counts_for_the_report():
    result = pay([(100_000, 10_000, True)], individual=False)
    assert (result.withheld, result.transfer, result.base) == (0, 110_000, 100_000)
    assert payment_report_required(result.base, year=2026) is True


def test_w8_the_million_yen_step_is_per_payment_not_per_year():
    # Twelve monthly payments across the 2027 change of surtax (防衛特別所得税):
    # 6,000,000 in the year, yet each payment is taxed at 10.21% alone.
    paid_on = [date(2026, m, 28) for m in range(7, 13)] + [
        date(2027, m, 28) for m in range(1, 7)
    ]
    assert [withholding_tax(500_000, on=d) for d in paid_on] == [51_050] * 12


def test_w9_sub_yen_fraction_is_cut_off():
    assert withholding_tax(33_333, on=PAID_ON) == 3_403


def test_payment_report_threshold_is_more_than_50000_a_year():
    assert payment_report_required(50_000, year=2026) is False
    assert payment_report_required(50_001, year=2026) is True


def test_the_rule_comes_from_the_table_for_the_payment_date():
    # Operators correct the table in the admin; the arithmetic follows it.
    WithholdingRule.objects.filter(valid_from=date(2027, 1, 1)).update(
        base_rate=Decimal("0.1100")
    )
    assert withholding_tax(100_000, on=date(2026, 12, 31)) == 10_210
    assert withholding_tax(100_000, on=date(2027, 1, 1)) == 11_000
