"""Freelance Act checks: F1–F11 of the domain notes (japan.md §3.6), and
the bank-holiday postponement rule applied to P1–P3 (§7.3)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from enterprise.freelance import (
    DueDateFlag,
    ReductionFlag,
    check_due_date,
    check_payment_terms,
    latest_legal_due_date,
    notice_days,
    notice_required,
    prohibited_acts_apply,
    reduction_flags,
    require_due_date,
)

pytestmark = pytest.mark.django_db


def test_f1_day_60_on_a_sunday_is_paid_the_friday_before():
    received = date(2025, 5, 15)
    assert latest_legal_due_date(received) == date(2025, 7, 13)
    check = check_due_date(received_on=received, due_on=date(2025, 7, 13))
    assert (check.pay_on, check.flags) == (date(2025, 7, 11), frozenset())


def test_f1_postponing_to_monday_needs_prior_agreement():
    received, due = date(2025, 5, 15), date(2025, 7, 13)
    agreed = check_due_date(
        received_on=received, due_on=due, holiday_rule="next", postponement_agreed=True
    )
    assert (agreed.pay_on, agreed.ok) == (date(2025, 7, 14), True)
    unagreed = check_due_date(received_on=received, due_on=due, holiday_rule="next")
    assert unagreed.flags == {DueDateFlag.POSTPONEMENT_NOT_AGREED}


def test_f2_receipt_on_january_31():
    assert latest_legal_due_date(date(2026, 1, 31)) == date(2026, 3, 31)


def test_a_due_date_past_day_60_is_beyond_the_limit():
    check = check_due_date(received_on=date(2026, 1, 31), due_on=date(2026, 4, 1))
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_f3_month_end_close_paid_next_month_end_complies_under_two_months():
    # 10-01 to 11-30 is 61 days counting 10-01 as day 1.
    assert (date(2025, 11, 30) - date(2025, 10, 1)).days + 1 == 61
    assert latest_legal_due_date(date(2025, 10, 1)) == date(2025, 11, 29)
    assert latest_legal_due_date(date(2025, 10, 1), closing_day=0) == date(2025, 11, 30)
    for received in (date(2025, 10, 1), date(2025, 10, 31)):
        check = check_payment_terms(
            closing_day=0, month_offset=1, pay_day=0, received_on=received
        )
        assert (check.latest, check.pay_on, check.ok) == (
            date(2025, 11, 30),
            date(2025, 11, 28),  # 11-30 is a Sunday: the Friday before
            True,
        )


def test_f4_month_end_close_paid_on_the_10th_two_months_later_is_flagged():
    check = check_payment_terms(
        closing_day=0, month_offset=2, pay_day=10, received_on=date(2025, 10, 1)
    )
    assert (date(2025, 12, 10) - date(2025, 10, 1)).days + 1 == 71
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_f5_close_on_the_20th_paid_on_the_5th_two_months_later_is_flagged():
    check = check_payment_terms(
        closing_day=20, month_offset=2, pay_day=5, received_on=date(2025, 9, 21)
    )
    assert (date(2025, 12, 5) - date(2025, 9, 21)).days + 1 == 76
    assert check.latest == date(2025, 11, 20)
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_close_on_the_20th_paid_on_the_20th_next_month_complies():
    check = check_payment_terms(
        closing_day=20, month_offset=1, pay_day=20, received_on=date(2025, 9, 21)
    )
    assert (check.latest, check.pay_on, check.ok) == (
        date(2025, 11, 20),
        date(2025, 11, 20),
        True,
    )


def test_p1_postponing_one_day_past_the_month_end_needs_agreement():
    terms = {"closing_day": 0, "month_offset": 1, "pay_day": 0, "holiday_rule": "next"}
    received = date(2025, 10, 1)
    assert check_payment_terms(**terms, received_on=received).flags == {
        DueDateFlag.POSTPONEMENT_NOT_AGREED
    }
    agreed = check_payment_terms(
        **terms, received_on=received, postponement_agreed=True
    )
    assert (agreed.pay_on, agreed.ok) == (date(2025, 12, 1), True)


def test_p2_new_year_postponement_of_five_days_is_never_allowed():
    terms = {"closing_day": 0, "month_offset": 1, "pay_day": 0}
    received = date(2025, 11, 1)
    late = check_payment_terms(
        **terms, received_on=received, holiday_rule="next", postponement_agreed=True
    )
    assert (late.pay_on, late.flags) == (
        date(2026, 1, 5),
        {DueDateFlag.POSTPONEMENT_TOO_LONG},
    )
    on_time = check_payment_terms(**terms, received_on=received)
    assert (on_time.pay_on, on_time.ok) == (date(2025, 12, 30), True)


def test_p3_two_day_postponement_is_allowed_only_with_agreement():
    terms = {"closing_day": 0, "month_offset": 1, "pay_day": 0, "holiday_rule": "next"}
    received = date(2026, 1, 1)
    agreed = check_payment_terms(
        **terms, received_on=received, postponement_agreed=True
    )
    assert (agreed.pay_on, agreed.ok) == (date(2026, 3, 2), True)
    assert check_payment_terms(**terms, received_on=received).flags == {
        DueDateFlag.POSTPONEMENT_NOT_AGREED
    }


def test_f6_redelegation_pays_within_30_days_of_the_clients_due_date():
    latest = latest_legal_due_date(
        date(2026, 2, 10), redelegation_due=date(2026, 3, 31)
    )
    assert latest == date(2026, 4, 29)
    check = check_due_date(
        received_on=date(2026, 2, 10),
        due_on=date(2026, 4, 30),
        redelegation_due=date(2026, 3, 31),
    )
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_f7_no_due_date_means_the_day_of_receipt_and_no_order():
    check = check_due_date(received_on=date(2026, 3, 2), due_on=None)
    assert (check.pay_on, check.flags) == (date(2026, 3, 2), {DueDateFlag.MISSING})
    with pytest.raises(ValidationError) as refused:
        require_due_date(None)
    assert refused.value.code == "due_date_required"
    assert require_due_date(date(2026, 4, 30)) == date(2026, 4, 30)


def test_f8_three_week_engagement_has_no_prohibited_act_checks():
    start = date(2026, 3, 2)
    assert prohibited_acts_apply(start=start, end=date(2026, 3, 22)) is False
    assert notice_required(start=start, end=date(2026, 3, 22)) is False
    # One month, 民法143条: 03-02 to 04-01.
    assert prohibited_acts_apply(start=start, end=date(2026, 3, 31)) is False
    assert prohibited_acts_apply(start=start, end=date(2026, 4, 1)) is True


def test_f9_seven_month_engagement_needs_30_days_notice():
    start = date(2026, 1, 5)
    assert notice_required(start=start, end=date(2026, 8, 4)) is True
    assert prohibited_acts_apply(start=start, end=date(2026, 8, 4)) is True
    assert notice_days(start) == 30
    # Six months exactly: 01-05 to 07-04.
    assert notice_required(start=start, end=date(2026, 7, 3)) is False
    assert notice_required(start=start, end=date(2026, 7, 4)) is True


def test_f10_transfer_fee_deducted_without_agreement_is_a_reduction():
    flags = reduction_flags(agreed_fee=55_000, paid=54_560, transfer_fee_deducted=440)
    assert flags == {ReductionFlag.TRANSFER_FEE_NOT_AGREED}
    assert (
        reduction_flags(
            agreed_fee=55_000,
            paid=54_560,
            transfer_fee_deducted=440,
            agreed_deduction=True,
        )
        == frozenset()
    )


def test_f11_rounding_down_to_100_yen_is_a_reduction():
    flags = reduction_flags(agreed_fee=123_456, paid=123_400)
    assert flags == {ReductionFlag.SHORT_PAYMENT}


def test_withholding_is_not_a_reduction():
    # W1: 55,000 agreed, 5,105 withheld, 49,895 transferred.
    assert (
        reduction_flags(agreed_fee=55_000, paid=49_895, withheld=5_105) == frozenset()
    )
    assert reduction_flags(agreed_fee=55_000, paid=49_894, withheld=5_105) == {
        ReductionFlag.SHORT_PAYMENT
    }
