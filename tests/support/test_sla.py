"""SLA due times count business hours on the operator's calendar."""

import datetime
from zoneinfo import ZoneInfo

from support.sla import add_business_hours

TOKYO = ZoneInfo("Asia/Tokyo")


def at(*args):
    return datetime.datetime(*args, tzinfo=TOKYO)


def test_due_time_skips_a_national_holiday():
    # Monday 2026-11-02 17:00; Tuesday 11-03 is 文化の日: 1 h left on Monday,
    # then the clock resumes Wednesday 09:00.
    assert add_business_hours(at(2026, 11, 2, 17, 0), 2) == at(2026, 11, 4, 10, 0)


def test_due_time_skips_the_weekend_and_year_end():
    # Friday 2026-12-25 16:00 + 4 h: 2 h Friday, Monday 12-28 until 11:00.
    assert add_business_hours(at(2026, 12, 25, 16, 0), 4) == at(2026, 12, 28, 11, 0)
    # Wednesday 12-30 12:00 + 8 h: 6 h that day, then 12-31 to 01-03 are
    # closed (and 01-02, 01-03 a weekend): Monday 2027-01-04 11:00.
    assert add_business_hours(at(2026, 12, 30, 12, 0), 8) == at(2027, 1, 4, 11, 0)


def test_a_ticket_written_at_night_starts_the_clock_next_morning():
    assert add_business_hours(at(2026, 11, 5, 22, 30), 1) == at(2026, 11, 6, 10, 0)


def test_ticket_due_times_follow_its_category(general, contact_a):
    from support.services.tickets import ticket_open

    ticket = ticket_open(
        by=contact_a, category=general, title="請求書について", body="質問です"
    )
    assert ticket.resolution_due > ticket.first_response_due > ticket.created_at
