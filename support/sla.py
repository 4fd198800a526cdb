"""SLA clocks in business hours on the operator's calendar.

A business day is a bank business day (enterprise.calendar: weekends,
national holidays from jpholiday, December 31 to January 3); business hours
run from ``SUPPORT_BUSINESS_HOURS`` start to end, Asia/Tokyo. A ticket
written at 17:00 with a 2-hour target is due at 10:00 on the next business
day.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from enterprise.calendar import is_bank_holiday


def _bounds(day: datetime.date, tz) -> tuple[datetime.datetime, datetime.datetime]:
    start_hour, end_hour = settings.SUPPORT_BUSINESS_HOURS
    start = datetime.datetime.combine(day, datetime.time(start_hour), tzinfo=tz)
    end = datetime.datetime.combine(day, datetime.time(end_hour), tzinfo=tz)
    return start, end


def _next_opening(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` itself inside business hours, else the next opening."""
    tz = moment.tzinfo
    day = moment.date()
    while True:
        start, end = _bounds(day, tz)
        if not is_bank_holiday(day) and moment < end:
            return max(moment, start)
        day += datetime.timedelta(days=1)
        moment = _bounds(day, tz)[0]


def add_business_hours(moment: datetime.datetime, hours: int) -> datetime.datetime:
    """The moment ``hours`` business hours after ``moment``."""
    tz = timezone.get_current_timezone()
    cursor = _next_opening(timezone.localtime(moment, tz))
    remaining = datetime.timedelta(hours=hours)
    while True:
        _start, end = _bounds(cursor.date(), tz)
        available = end - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor = _next_opening(end)


def due_times(category, opened_at: datetime.datetime) -> dict:
    """The first-response and resolution due times of a ticket in ``category``."""
    return {
        "first_response_due": add_business_hours(
            opened_at, category.first_response_hours
        ),
        "resolution_due": add_business_hours(opened_at, category.resolution_hours),
    }
