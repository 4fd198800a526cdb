"""Japanese bank business days and payment terms (支払サイト), japan.md §7.

Bank holidays (銀行法15条1項, 銀行法施行令5条1項): Saturdays, Sundays, national
holidays including substitute holidays (振替休日) and 国民の休日 (from
jpholiday), and December 31 to January 3.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import jpholiday
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EOM = 0  # closing_day / pay_day 0 means the last day of the month (末日)


class HolidayRule(models.TextChoices):
    """Where a due date that falls on a bank holiday moves to."""

    PREVIOUS = "previous", _("Previous business day")
    NEXT = "next", _("Next business day")


def is_bank_holiday(d: date) -> bool:
    """Whether banks are closed on ``d`` (no transfer can arrive that day)."""
    if d.weekday() >= 5:
        return True
    if (d.month, d.day) == (12, 31) or (d.month == 1 and d.day <= 3):
        return True
    return jpholiday.is_holiday(d)


def is_business_day(d: date) -> bool:
    return not is_bank_holiday(d)


def previous_business_day(d: date) -> date:
    """The last business day strictly before ``d``."""
    d -= timedelta(days=1)
    while is_bank_holiday(d):
        d -= timedelta(days=1)
    return d


def next_business_day(d: date) -> date:
    """The first business day strictly after ``d``."""
    d += timedelta(days=1)
    while is_bank_holiday(d):
        d += timedelta(days=1)
    return d


def shift(d: date, rule: str) -> date:
    """``d`` itself on a business day, else the previous (前営業日) or the
    next (翌営業日) business day."""
    if is_business_day(d):
        return d
    if rule == HolidayRule.PREVIOUS:
        return previous_business_day(d)
    if rule == HolidayRule.NEXT:
        return next_business_day(d)
    raise ValueError(f"unknown holiday rule {rule!r}")


def add_business_days(d: date, n: int) -> date:
    """``n`` business days after ``d`` (before it when ``n`` is negative).

    ``d`` itself need not be a business day; 0 returns ``d`` unchanged.
    """
    step = next_business_day if n >= 0 else previous_business_day
    for _i in range(abs(n)):
        d = step(d)
    return d


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def day_in_month(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, 0 (EOM) or past its end meaning its last day."""
    last = monthrange(year, month)[1]
    return date(year, month, last if day == EOM or day > last else day)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def months_later_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months beginning on ``start``.

    民法143条: the day before the day of the later month that corresponds to
    ``start``, or that month's last day when it has no such day.
    """
    year, month = add_months(start.year, start.month, months)
    if start.day > monthrange(year, month)[1]:
        return month_end(year, month)
    return date(year, month, start.day) - timedelta(days=1)


def closing_date_for(d: date, closing_day: int) -> date:
    """The closing date (締め日) of the period ``d`` falls in.

    ``closing_day`` 0 closes at the end of the month (月末締め); 20 closes on
    the 20th, so the 21st already belongs to next month's close.
    """
    this_month = day_in_month(d.year, d.month, closing_day)
    if d <= this_month:
        return this_month
    year, month = add_months(d.year, d.month, 1)
    return day_in_month(year, month, closing_day)


def period_start_for(closing_date: date, closing_day: int) -> date:
    """The first day of the period that closes on ``closing_date``."""
    year, month = add_months(closing_date.year, closing_date.month, -1)
    return day_in_month(year, month, closing_day) + timedelta(days=1)


def nominal_payment_date(closing_date: date, month_offset: int, pay_day: int) -> date:
    """The pay day the terms name, before any holiday shift.

    月末締め翌月末払い is (closing_day=0) ``month_offset=1, pay_day=0``.
    """
    year, month = add_months(closing_date.year, closing_date.month, month_offset)
    return day_in_month(year, month, pay_day)


def payment_date(
    closing_date: date, month_offset: int, pay_day: int, holiday_rule: str
) -> date:
    """The day the money is paid for a period, moved off bank holidays.

    Freelancers are paid on the previous business day unless a postponement
    of at most 2 days was agreed in writing beforehand (japan.md §3.3, §7.2).
    """
    nominal = nominal_payment_date(closing_date, month_offset, pay_day)
    return shift(nominal, holiday_rule)


def zengin_mmdd(d: date) -> str:
    """The 振込指定日 of a Zengin header record: MMDD."""
    return f"{d:%m%d}"


# --- the payout calendar in words --------------------------------------------


def _day_words(day: int) -> str:
    return (
        gettext("the last day") if day == EOM else gettext("day %(day)d") % {"day": day}
    )


def _month_words(offset: int) -> str:
    words = {
        0: gettext("the same month"),
        1: gettext("the next month"),
        2: gettext("the month after next"),
    }
    return words.get(offset) or gettext("%(n)d months later") % {"n": offset}


def payment_terms_text(operator) -> str:
    """The payout calendar of an OperatorProfile as worker orders and the
    formats' pages state it (the Freelance Act's written pay date), in Japanese
    (e.g. 毎月末日締切、翌月末日支払（支払日が銀行休業日の場合は前営業日）)."""
    with translation.override("ja"):
        rule = {
            HolidayRule.PREVIOUS: gettext("the previous business day"),
            HolidayRule.NEXT: gettext("the next business day"),
        }[operator.payout_holiday_rule]
        return _(
            "Closing on %(close)s of each month, paid on %(pay)s of %(month)s "
            "(%(rule)s when that day is a bank holiday)"
        ) % {
            "close": _day_words(operator.payout_closing_day),
            "pay": _day_words(operator.payout_pay_day),
            "month": _month_words(operator.payout_month_offset),
            "rule": rule,
        }
