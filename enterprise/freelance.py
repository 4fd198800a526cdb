"""Freelance Act checks (特定受託事業者に係る取引の適正化等に関する法律, in
force 2024-11-01), japan.md §3.3–3.6.

The day counts and month lengths come from the Threshold table (60 days, 30
days, 2 days, 1 and 6 months), looked up for the day the work was received
or the engagement began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import (
    HolidayRule,
    closing_date_for,
    months_later_end,
    nominal_payment_date,
    period_start_for,
    shift,
)
from .rates import Threshold, threshold_on

# JFTC reads "60 days" as "2 months" for a monthly close (japan.md §3.3).
MONTHLY_CLOSE_MONTHS = 2


class DueDateFlag(models.TextChoices):
    MISSING = "missing", _("No payment due date is set.")
    BEYOND_LIMIT = "beyond_limit", _("The due date is later than the law allows.")
    POSTPONEMENT_NOT_AGREED = (
        "postponement_not_agreed",
        _(
            "Paying after a bank holiday pushes payment past the legal limit "
            "without a prior written agreement."
        ),
    )
    POSTPONEMENT_TOO_LONG = (
        "postponement_too_long",
        _("Paying after a bank holiday postpones payment by more than 2 days."),
    )


class ReductionFlag(models.TextChoices):
    TRANSFER_FEE_NOT_AGREED = (
        "transfer_fee_not_agreed",
        _("The bank transfer fee was deducted without prior agreement."),
    )
    SHORT_PAYMENT = "short_payment", _("Less than the agreed fee was paid.")


@dataclass(frozen=True)
class DueDateCheck:
    """The latest legal due date, the day money is actually paid, and what is
    wrong (no flags: compliant)."""

    latest: date
    pay_on: date
    flags: frozenset[str]

    @property
    def ok(self) -> bool:
        return not self.flags


def _day(n: int, start: date) -> date:
    """Day ``n`` of a period counted with ``start`` as day 1 (初日算入)."""
    return start + timedelta(days=n - 1)


def latest_legal_due_date(
    received_on: date,
    *,
    closing_day: int | None = None,
    redelegation_due: date | None = None,
) -> date:
    """The latest payment due date the Act allows (法4条).

    Per job: day 60 counting the day of receipt as day 1. Monthly close
    (``closing_day`` given, 0 = end of month): JFTC reads 60 days as 2 months
    from the start of the closing period, so 月末締め翌月末払い complies; the
    later of that and day 60 applies. Re-delegation disclosed under 法3条
    (``redelegation_due``: the original client's due date to the operator):
    day 30 counting that date as day 1 (法4条3項).
    """
    if redelegation_due is not None:
        days = threshold_on(Threshold.Code.REDELEGATION_DAYS, received_on)
        return _day(days, redelegation_due)
    latest = _day(threshold_on(Threshold.Code.PAYMENT_DAYS, received_on), received_on)
    if closing_day is not None:
        closing = closing_date_for(received_on, closing_day)
        start = period_start_for(closing, closing_day)
        latest = max(latest, months_later_end(start, MONTHLY_CLOSE_MONTHS))
    return latest


def check_due_date(
    *,
    received_on: date,
    due_on: date | None,
    holiday_rule: str = HolidayRule.PREVIOUS,
    postponement_agreed: bool = False,
    closing_day: int | None = None,
    redelegation_due: date | None = None,
) -> DueDateCheck:
    """Check a payment due date against the Act.

    No due date: the law deems it the day of receipt (flag MISSING; an order
    must not be issued without one). A due date on a bank holiday moves by
    ``holiday_rule``; moving it past the legal limit is tolerated only when
    agreed in advance in writing and by at most 2 days (JFTC).
    """
    latest = latest_legal_due_date(
        received_on, closing_day=closing_day, redelegation_due=redelegation_due
    )
    if due_on is None:
        return DueDateCheck(latest, received_on, frozenset({DueDateFlag.MISSING}))
    pay_on = shift(due_on, holiday_rule)
    flags = set()
    if due_on > latest:
        flags.add(DueDateFlag.BEYOND_LIMIT)
    elif pay_on > latest:
        if not postponement_agreed:
            flags.add(DueDateFlag.POSTPONEMENT_NOT_AGREED)
        allowed = threshold_on(Threshold.Code.POSTPONEMENT_DAYS, received_on)
        if (pay_on - due_on).days > allowed:
            flags.add(DueDateFlag.POSTPONEMENT_TOO_LONG)
    return DueDateCheck(latest, pay_on, frozenset(flags))


def check_payment_terms(
    *,
    closing_day: int,
    month_offset: int,
    pay_day: int,
    received_on: date,
    holiday_rule: str = HolidayRule.PREVIOUS,
    postponement_agreed: bool = False,
) -> DueDateCheck:
    """Check monthly terms (e.g. 月末締め翌月末払い) for the period containing
    ``received_on``, from the period's first day: the receipt that waits
    longest for its money."""
    closing = closing_date_for(received_on, closing_day)
    return check_due_date(
        received_on=period_start_for(closing, closing_day),
        due_on=nominal_payment_date(closing, month_offset, pay_day),
        holiday_rule=holiday_rule,
        postponement_agreed=postponement_agreed,
        closing_day=closing_day,
    )


def require_due_date(due_on: date | None) -> date:
    """Refuse an order without a specific payment due date (法3条, 法4条2項)."""
    if due_on is None:
        raise ValidationError(
            _("Set a specific payment due date before issuing the order."),
            code="due_date_required",
        )
    return due_on


def reduction_flags(
    *,
    agreed_fee: int,
    paid: int,
    transfer_fee_deducted: int = 0,
    agreed_deduction: bool = False,
    withheld: int = 0,
) -> frozenset[str]:
    """減額 (法5条1項2号) in a payment: what was paid against what was agreed.

    ``paid`` is what reached the worker, ``withheld`` the income tax kept back
    (a lawful deduction). Deducting the transfer fee needs prior agreement;
    any other shortfall, even rounding down to 100 yen, is a reduction.
    """
    flags = set()
    if transfer_fee_deducted and not agreed_deduction:
        flags.add(ReductionFlag.TRANSFER_FEE_NOT_AGREED)
    if paid + transfer_fee_deducted + withheld < agreed_fee:
        flags.add(ReductionFlag.SHORT_PAYMENT)
    return frozenset(flags)


def _lasts(start: date, end: date, months: int) -> bool:
    return end >= months_later_end(start, months)


def prohibited_acts_apply(*, start: date, end: date) -> bool:
    """Whether the seven prohibited acts of 法5条 apply: an engagement (with
    renewals that continue it) of 1 month or more (施行令). ``start`` and
    ``end`` are its first and last days."""
    months = threshold_on(Threshold.Code.PROHIBITED_ACTS_MONTHS, start)
    return _lasts(start, end, months)


def notice_required(*, start: date, end: date) -> bool:
    """Whether an engagement of 6 months or more (renewals included) needs
    notice before termination or non-renewal (法16条; ``notice_days``) and
    brings the duty to accommodate childcare and nursing care (法13条)."""
    months = threshold_on(Threshold.Code.NOTICE_MONTHS, start)
    return _lasts(start, end, months)


def notice_days(on: date) -> int:
    """Days of notice 法16条 requires (30)."""
    return threshold_on(Threshold.Code.NOTICE_DAYS, on)
