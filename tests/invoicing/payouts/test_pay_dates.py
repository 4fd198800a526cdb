"""Pay dates from the operator's payout calendar (japan.md §7.3 P1–P5): the
nominal date of 月末締め翌月末払い moved to the previous business day."""

import datetime

import pytest

from enterprise.calendar import zengin_mmdd
from invoicing.services.payouts import pay_date_for

D = datetime.date


@pytest.mark.parametrize(
    ("received_on", "pay_on"),
    [
        (D(2025, 10, 15), D(2025, 11, 28)),  # P1: 11-30 is a Sunday
        (D(2025, 11, 15), D(2025, 12, 30)),  # P2: 12-31 is a bank holiday
        (D(2026, 1, 15), D(2026, 2, 27)),  # P3: 02-28 is a Saturday
        (D(2026, 4, 15), D(2026, 5, 29)),  # P4: 05-31 is a Sunday
        (D(2026, 7, 15), D(2026, 8, 31)),  # P5: a Monday, no shift
    ],
)
def test_p1_to_p5_pay_on_the_previous_business_day(operator, received_on, pay_on):
    check = pay_date_for(received_on=received_on, today=received_on)
    assert (check.pay_on, check.flags) == (pay_on, frozenset())


def test_p6_the_zengin_header_date_of_p2_is_1230(operator):
    check = pay_date_for(received_on=D(2025, 11, 15), today=D(2025, 11, 15))
    assert zengin_mmdd(check.pay_on) == "1230"


def test_work_approved_after_its_pay_date_takes_the_next_one_and_is_flagged(operator):
    # Received 05-15, approved 08-03: 06-30 has passed, so 08-31 (day 109).
    check = pay_date_for(received_on=D(2026, 5, 15), today=D(2026, 8, 3))
    assert check.pay_on == D(2026, 8, 31)
    assert check.flags == {"beyond_limit"}
