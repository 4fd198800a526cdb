"""Bank business days and payment terms: P1–P6 of the domain notes
(japan.md §7.3), plus national and substitute holidays."""

from datetime import date

import pytest

from enterprise.calendar import (
    add_business_days,
    closing_date_for,
    is_bank_holiday,
    months_later_end,
    next_business_day,
    nominal_payment_date,
    payment_date,
    period_start_for,
    previous_business_day,
    shift,
    zengin_mmdd,
)


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2025, 11, 29), True),  # Saturday
        (date(2025, 11, 30), True),  # Sunday
        (date(2025, 11, 24), True),  # 振替休日 for 勤労感謝の日
        (date(2026, 9, 22), True),  # 国民の休日 between two holidays
        (date(2026, 1, 12), True),  # 成人の日
        (date(2025, 12, 31), True),  # banks close Dec 31 – Jan 3
        (date(2026, 1, 2), True),
        (date(2026, 1, 3), True),
        (date(2025, 12, 30), False),
        (date(2026, 1, 5), False),
        (date(2026, 8, 31), False),
    ],
)
def test_bank_holidays(day, holiday):
    assert is_bank_holiday(day) is holiday


# 月末締め翌月末払い: close at the end of the work month, pay at the end of the next.
@pytest.mark.parametrize(
    ("worked_on", "nominal", "previous", "following"),
    [
        # P1: 2025-11-30 is a Sunday.
        (date(2025, 10, 15), date(2025, 11, 30), date(2025, 11, 28), date(2025, 12, 1)),
        # P2: 2025-12-31 is a bank holiday; Jan 1–3 and Sunday Jan 4 too.
        (date(2025, 11, 3), date(2025, 12, 31), date(2025, 12, 30), date(2026, 1, 5)),
        # P3: 2026-02-28 is a Saturday.
        (date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 27), date(2026, 3, 2)),
        # P4: 2026-05-31 is a Sunday.
        (date(2026, 4, 1), date(2026, 5, 31), date(2026, 5, 29), date(2026, 6, 1)),
        # P5: 2026-08-31 is a Monday: no shift.
        (date(2026, 7, 20), date(2026, 8, 31), date(2026, 8, 31), date(2026, 8, 31)),
    ],
    ids=["P1", "P2", "P3", "P4", "P5"],
)
def test_month_end_close_paid_next_month_end(worked_on, nominal, previous, following):
    closing = closing_date_for(worked_on, 0)
    assert nominal_payment_date(closing, 1, 0) == nominal
    assert payment_date(closing, 1, 0, "previous") == previous
    assert payment_date(closing, 1, 0, "next") == following


def test_p6_zengin_transfer_date_of_p2():
    paid = payment_date(date(2025, 11, 30), 1, 0, "previous")
    assert zengin_mmdd(paid) == "1230"


def test_closing_on_the_20th():
    assert closing_date_for(date(2025, 10, 20), 20) == date(2025, 10, 20)
    assert closing_date_for(date(2025, 10, 21), 20) == date(2025, 11, 20)
    assert closing_date_for(date(2025, 12, 25), 20) == date(2026, 1, 20)
    assert period_start_for(date(2025, 10, 20), 20) == date(2025, 9, 21)
    # 20日締め翌月25日払い: 2025-11-25 is a Tuesday.
    assert payment_date(date(2025, 10, 20), 1, 25, "previous") == date(2025, 11, 25)


def test_closing_day_past_the_end_of_a_short_month_is_its_last_day():
    assert closing_date_for(date(2026, 2, 10), 30) == date(2026, 2, 28)
    assert closing_date_for(date(2026, 3, 1), 30) == date(2026, 3, 30)
    assert period_start_for(date(2026, 3, 30), 30) == date(2026, 3, 1)
    assert nominal_payment_date(date(2026, 1, 31), 1, 31) == date(2026, 2, 28)


def test_business_day_steps():
    assert previous_business_day(date(2026, 1, 5)) == date(2025, 12, 30)
    assert next_business_day(date(2025, 12, 30)) == date(2026, 1, 5)
    assert shift(date(2026, 8, 31), "next") == date(2026, 8, 31)
    with pytest.raises(ValueError):
        shift(date(2025, 11, 30), "nearest")


def test_add_business_days_skips_the_new_year():
    assert add_business_days(date(2025, 12, 26), 3) == date(2026, 1, 5)
    assert add_business_days(date(2026, 1, 5), -1) == date(2025, 12, 30)
    assert add_business_days(date(2025, 11, 30), 0) == date(2025, 11, 30)
    # From a Sunday, the first business day counts as one.
    assert add_business_days(date(2025, 11, 23), 1) == date(2025, 11, 25)


def test_month_periods_follow_the_civil_code():
    # 民法143条: the day before the corresponding day, or that month's last day.
    assert months_later_end(date(2025, 10, 1), 2) == date(2025, 11, 30)
    assert months_later_end(date(2025, 9, 21), 2) == date(2025, 11, 20)
    assert months_later_end(date(2026, 1, 10), 1) == date(2026, 2, 9)
    assert months_later_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_later_end(date(2025, 12, 1), 1) == date(2025, 12, 31)
