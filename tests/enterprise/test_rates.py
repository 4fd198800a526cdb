"""The effective-dated rate tables: seeded with the law's values, looked up
by date, refusing dates no row covers and overlapping rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from enterprise.models import TaxRate, Threshold, TransitionalCreditRate
from enterprise.rates import (
    RateNotFound,
    rate_on,
    threshold_on,
    transitional_credit_rate_on,
    withholding_rule_on,
)

pytestmark = pytest.mark.django_db


def test_consumption_tax_rates_since_october_2019():
    assert rate_on("standard", date(2019, 10, 1)) == Decimal("0.10")
    assert rate_on("reduced", date(2026, 11, 28)) == Decimal("0.08")


def test_a_date_no_row_covers_raises_a_clear_error():
    with pytest.raises(RateNotFound, match="No standard tax rate covers 2019-09-30"):
        rate_on("standard", date(2019, 9, 30))
    with pytest.raises(RateNotFound, match="payment_days threshold covers 2024-10-31"):
        threshold_on(Threshold.Code.PAYMENT_DAYS, date(2024, 10, 31))


def test_lookups_refuse_a_datetime_string():
    with pytest.raises(TypeError):
        rate_on("standard", "2026-04-01")


@pytest.mark.parametrize(
    ("purchased_on", "share"),
    [
        (date(2023, 10, 1), "0.80"),
        (date(2026, 9, 30), "0.80"),
        (date(2026, 10, 1), "0.70"),
        (date(2028, 9, 30), "0.70"),
        (date(2028, 10, 1), "0.50"),
        (date(2030, 9, 30), "0.50"),
        (date(2030, 10, 1), "0.30"),
        (date(2031, 9, 30), "0.30"),
        (date(2031, 10, 1), "0.00"),
        (date(2040, 1, 1), "0.00"),
    ],
)
def test_transitional_credit_for_unregistered_workers(purchased_on, share):
    assert transitional_credit_rate_on(purchased_on) == Decimal(share)


def test_withholding_rule_is_unchanged_by_the_2027_surtax_reform():
    before, after = (
        withholding_rule_on(date(2026, 12, 31)),
        withholding_rule_on(date(2027, 1, 1)),
    )
    assert before.pk != after.pk
    for rule in (before, after):
        assert (rule.base_rate, rule.threshold, rule.upper_rate, rule.upper_base) == (
            Decimal("0.1021"),
            1_000_000,
            Decimal("0.2042"),
            102_100,
        )


@pytest.mark.parametrize(
    ("code", "value"),
    [
        (Threshold.Code.CREDIT_NOTE, 10_000),
        (Threshold.Code.SMALL_PURCHASE, 10_000),
        (Threshold.Code.PAYMENT_REPORT, 50_000),
        (Threshold.Code.EBOOK_SEARCH_WAIVER, 50_000_000),
        (Threshold.Code.PAYMENT_DAYS, 60),
        (Threshold.Code.REDELEGATION_DAYS, 30),
        (Threshold.Code.POSTPONEMENT_DAYS, 2),
        (Threshold.Code.PROHIBITED_ACTS_MONTHS, 1),
        (Threshold.Code.NOTICE_MONTHS, 6),
        (Threshold.Code.NOTICE_DAYS, 30),
    ],
)
def test_thresholds_in_force(code, value):
    assert threshold_on(code, date(2026, 11, 28)) == value


def test_small_purchase_relief_ends_september_2029():
    assert threshold_on(Threshold.Code.SMALL_PURCHASE, date(2029, 9, 30)) == 10_000
    with pytest.raises(RateNotFound):
        threshold_on(Threshold.Code.SMALL_PURCHASE, date(2029, 10, 1))


def test_a_new_rate_takes_over_from_its_first_day():
    TaxRate.objects.filter(code="reduced").update(valid_to=date(2027, 3, 31))
    TaxRate.objects.create(
        code="reduced", rate=Decimal("0.01"), valid_from=date(2027, 4, 1)
    )
    assert rate_on("reduced", date(2027, 3, 31)) == Decimal("0.08")
    assert rate_on("reduced", date(2027, 4, 1)) == Decimal("0.01")
    assert rate_on("standard", date(2027, 4, 1)) == Decimal("0.10")


def test_an_overlapping_row_is_refused_by_validation():
    overlapping = TaxRate(
        code="reduced", rate=Decimal("0.01"), valid_from=date(2027, 4, 1)
    )
    with pytest.raises(ValidationError, match="すでに別の行が適用されています"):
        overlapping.full_clean()
    # Another code may share the dates.
    TaxRate.objects.filter(code="reduced").delete()
    TaxRate(
        code="reduced", rate=Decimal("0.08"), valid_from=date(2019, 10, 1)
    ).full_clean()


def test_a_closed_period_does_not_overlap_the_next():
    row = TransitionalCreditRate(
        rate=Decimal("0.70"), valid_from=date(2026, 10, 1), valid_to=date(2028, 9, 30)
    )
    with pytest.raises(ValidationError):
        row.full_clean()  # the seeded 70% row holds exactly this period
    TransitionalCreditRate.objects.filter(valid_from=date(2031, 10, 1)).update(
        valid_to=date(2035, 12, 31)
    )
    TransitionalCreditRate(rate=Decimal("0"), valid_from=date(2036, 1, 1)).full_clean()


def test_overlap_that_slipped_in_is_reported_not_guessed():
    TaxRate.objects.create(
        code="standard", rate=Decimal("0.12"), valid_from=date(2030, 1, 1)
    )
    with pytest.raises(RateNotFound, match="Two standard tax rate rows cover"):
        rate_on("standard", date(2030, 1, 1))


def test_the_database_refuses_a_period_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        TaxRate.objects.create(
            code="standard",
            rate=Decimal("0.10"),
            valid_from=date(2030, 1, 1),
            valid_to=date(2029, 12, 31),
        )
