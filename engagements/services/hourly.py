"""Hourly project work (時給制): terms, time entries, weekly approval.

A week runs Monday to Sunday. Once it is over the director approves it (or
asks a question) within the terms' ``approval_days``; after that the week is
approved automatically as logged. The week's reward is approved hours ×
hourly rate, floored to the yen, and the approved hours never pass the
weekly cap unless the director records an override reason.

The client keeps paying the quoted price, unless the director ties the terms
to an hourly line of the accepted quote: the client hourly rate is then that
line's unit price, and ``client_amount`` is the approved hours at that rate,
for billing (the line itself is left out of the completion invoice).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.money import Rounding, round_yen
from enterprise.notify import notify

from .. import rules
from ..models import HourlyTerms, QuoteLine, Subtask, TimeEntry, WeeklyTimesheet
from ._base import lock, require, require_reason
from .formats import format_setting
from .quotes import hourly_quote_lines

MAIL = "engagements/formats/mail/"
WORKING = [
    Subtask.State.ASSIGNED,
    Subtask.State.SUBMITTED,
    Subtask.State.REVISION_REQUESTED,
]
QUARTER = Decimal("0.25")


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def week_end(start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=6)


@transaction.atomic
def hourly_terms_set(
    *,
    subtask: Subtask,
    by,
    hourly_rate: int,
    weekly_cap_hours: Decimal,
    client_quote_line: QuoteLine | None = None,
    client_hourly_rate: int | None = None,
    approval_days: int | None = None,
) -> HourlyTerms:
    """Pay an open project subtask by the hour (before it is offered: the
    worker order states the terms).

    The client is billed by the hour only through ``client_quote_line``, an
    hourly line of the engagement's accepted quote: its unit price is the
    client rate. A ``client_hourly_rate`` of its own is refused unless it is
    that line's price (the client accepted the quote, not a typed rate)."""
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    require(
        subtask.work_format == Subtask.Format.PROJECT
        and subtask.state == Subtask.State.OPEN,
        _("Hourly terms are set on an open project subtask, before it is offered."),
    )
    require(hourly_rate and hourly_rate > 0, _("Enter the hourly rate."))
    require(
        weekly_cap_hours and Decimal(weekly_cap_hours) > 0,
        _("Enter the weekly cap in hours."),
    )
    client_rate = _client_rate(subtask, client_quote_line, client_hourly_rate)
    terms, _created = HourlyTerms.objects.update_or_create(
        subtask=subtask,
        defaults={
            "hourly_rate": hourly_rate,
            "weekly_cap_hours": Decimal(weekly_cap_hours),
            "client_quote_line": client_quote_line,
            "client_hourly_rate": client_rate,
            "approval_days": (
                format_setting("TIMESHEET_APPROVAL_DAYS")
                if approval_days is None
                else approval_days
            ),
            "set_by": by,
        },
    )
    terms.full_clean(exclude=["subtask", "set_by"])
    log_action(
        target=subtask,
        action="engagements.subtask.hourly_terms_set",
        by=by,
        data={
            "hourly_rate": hourly_rate,
            "weekly_cap_hours": str(weekly_cap_hours),
            "client_quote_line": client_quote_line and client_quote_line.pk,
            "client_hourly_rate": client_rate,
        },
    )
    return terms


def _client_rate(subtask: Subtask, line: QuoteLine | None, typed: int | None):
    """The client hourly rate: the unit price of an hourly line of the
    engagement's accepted quote, or None (the quoted price stands)."""
    if line is None:
        require(
            not typed,
            _(
                "The client is billed by the hour only at an hourly line of the "
                "accepted quote: choose that line, or leave the client rate empty."
            ),
        )
        return None
    line = hourly_quote_lines(subtask.engagement).filter(pk=line.pk).first()
    require(
        line is not None,
        _("Choose an hourly line of this engagement's accepted quote."),
    )
    require(
        not typed or typed == line.unit_price,
        _("The client hourly rate is the unit price of the quote's hourly line."),
    )
    return line.unit_price


def _timesheet_for(
    subtask: Subtask, terms: HourlyTerms, worker, day
) -> WeeklyTimesheet:
    start = week_start(day)
    sheet, _created = WeeklyTimesheet.objects.get_or_create(
        subtask=subtask,
        week_start=start,
        defaults={
            "worker": worker,
            "approve_by": week_end(start)
            + datetime.timedelta(days=terms.approval_days),
            "hourly_rate": terms.hourly_rate,
            "cap_hours": terms.weekly_cap_hours,
        },
    )
    return WeeklyTimesheet.objects.select_for_update().get(pk=sheet.pk)


def _check_hours(hours) -> Decimal:
    try:
        hours = Decimal(str(hours))
    except ArithmeticError:
        hours = Decimal(0)
    require(
        Decimal(0) < hours <= 24 and hours % QUARTER == 0,
        _("Enter the hours in quarter hours, from 0.25 to 24."),
    )
    return hours


def _reopen_questioned(sheet: WeeklyTimesheet, terms: HourlyTerms) -> None:
    """A change to a questioned week answers the question: it waits for the
    director again, with the full approval days from today."""
    if sheet.state == WeeklyTimesheet.State.QUESTIONED:
        sheet.state = WeeklyTimesheet.State.PENDING
        sheet.approve_by = max(
            sheet.approve_by,
            timezone.localdate() + datetime.timedelta(days=terms.approval_days),
        )


def _refresh_total(sheet: WeeklyTimesheet) -> None:
    total = sheet.entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    sheet.hours_logged = total
    sheet.save(update_fields=["hours_logged", "state", "approve_by"])


@transaction.atomic
def time_entry_log(
    *, subtask: Subtask, by, date: datetime.date, hours, note: str
) -> TimeEntry:
    """The assignee logs hours worked on a day of a week not yet approved."""
    subtask = lock(Subtask, subtask.pk)
    if subtask.assignee_id != by.pk:
        raise PermissionDenied
    terms = HourlyTerms.objects.filter(subtask=subtask).first()
    require(terms is not None, _("This subtask is not paid by the hour."))
    require(subtask.state in WORKING, _("Hours are logged while the work goes on."))
    require(date <= timezone.localdate(), _("Hours cannot be logged in advance."))
    note = require_reason(note)
    hours = _check_hours(hours)
    sheet = _timesheet_for(subtask, terms, by, date)
    require(
        sheet.state != WeeklyTimesheet.State.APPROVED,
        _("This week is approved; its hours can no longer change."),
    )
    day_total = sheet.entries.filter(date=date).aggregate(t=Sum("hours"))["t"] or 0
    require(day_total + hours <= 24, _("A day has at most 24 hours."))
    entry = TimeEntry.objects.create(
        timesheet=sheet, worker=by, date=date, hours=hours, note=note
    )
    _reopen_questioned(sheet, terms)
    _refresh_total(sheet)
    return entry


@transaction.atomic
def time_entry_delete(*, entry: TimeEntry, by) -> None:
    """The worker removes an entry of a week not yet approved."""
    sheet = WeeklyTimesheet.objects.select_for_update().get(pk=entry.timesheet_id)
    entry = TimeEntry.objects.get(pk=entry.pk)
    if entry.worker_id != by.pk:
        raise PermissionDenied
    require(
        sheet.state != WeeklyTimesheet.State.APPROVED,
        _("This week is approved; its hours can no longer change."),
    )
    entry.delete()
    _reopen_questioned(sheet, sheet.subtask.hourly_terms)
    _refresh_total(sheet)


def _approve(
    sheet: WeeklyTimesheet, *, by, override_reason: str, automatic: bool, now
) -> WeeklyTimesheet:
    hours = sheet.hours_logged
    over_cap = hours > sheet.cap_hours
    approved = hours if (not over_cap or override_reason) else sheet.cap_hours
    terms = HourlyTerms.objects.get(subtask_id=sheet.subtask_id)
    from_state = sheet.state
    sheet.state = WeeklyTimesheet.State.APPROVED
    sheet.hours_approved = approved
    sheet.override_reason = override_reason if over_cap else ""
    sheet.reward = round_yen(approved * sheet.hourly_rate, Rounding.DOWN)
    sheet.client_amount = (
        round_yen(approved * terms.client_hourly_rate, Rounding.DOWN)
        if terms.client_hourly_rate
        else None
    )
    sheet.approved_by, sheet.approved_at = by, now
    sheet.approved_automatically = automatic
    sheet.save()
    log_action(
        target=sheet,
        action=(
            "engagements.timesheet.auto_approved"
            if automatic
            else "engagements.timesheet.approved"
        ),
        by=by,
        from_state=from_state,
        to_state=sheet.state,
        reason=sheet.override_reason,
        data={
            "hours_logged": str(hours),
            "hours_approved": str(approved),
            "reward": sheet.reward,
            "capped": over_cap and not override_reason,
        },
    )
    notify([sheet.worker], MAIL + "timesheet_approved", {"sheet": sheet})
    return sheet


def _director_sheet(sheet: WeeklyTimesheet, by) -> WeeklyTimesheet:
    sheet = WeeklyTimesheet.objects.select_for_update().get(pk=sheet.pk)
    if not rules.is_director(sheet.subtask, by):
        raise PermissionDenied
    require(
        sheet.state != WeeklyTimesheet.State.APPROVED,
        _("This week is already approved."),
    )
    require(
        week_end(sheet.week_start) < timezone.localdate(),
        _("A week is approved once it is over (after Sunday)."),
    )
    return sheet


@transaction.atomic
def timesheet_approve(
    *, sheet: WeeklyTimesheet, by, override_reason: str = ""
) -> WeeklyTimesheet:
    """Approve a finished week: hours × rate, within the weekly cap.

    Hours over the cap are cut to the cap, unless ``override_reason`` is
    given: then every logged hour is approved and the reason recorded.
    """
    sheet = _director_sheet(sheet, by)
    return _approve(
        sheet,
        by=by,
        override_reason=(override_reason or "").strip(),
        automatic=False,
        now=timezone.now(),
    )


@transaction.atomic
def timesheet_question(*, sheet: WeeklyTimesheet, by, question: str) -> WeeklyTimesheet:
    """Ask the worker about a week; it waits until they change an entry."""
    question = require_reason(question)
    sheet = _director_sheet(sheet, by)
    from_state = sheet.state
    sheet.state, sheet.question = WeeklyTimesheet.State.QUESTIONED, question
    sheet.save(update_fields=["state", "question"])
    log_action(
        target=sheet,
        action="engagements.timesheet.questioned",
        by=by,
        from_state=from_state,
        to_state=sheet.state,
        reason=question,
    )
    notify([sheet.worker], MAIL + "timesheet_questioned", {"sheet": sheet})
    return sheet


def timesheets_auto_approve(*, today: datetime.date | None = None) -> int:
    """Approve the weeks nobody decided on in time, as logged up to the cap.

    Each week in its own transaction, re-checked under the lock: running
    twice approves nothing twice. (Weeks, not units: a handful a day.)
    """
    today = today or timezone.localdate()
    due = WeeklyTimesheet.objects.filter(
        state=WeeklyTimesheet.State.PENDING, approve_by__lt=today
    )
    approved = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            sheet = WeeklyTimesheet.objects.select_for_update().get(pk=pk)
            if sheet.state != WeeklyTimesheet.State.PENDING:
                continue
            _approve(
                sheet, by=None, override_reason="", automatic=True, now=timezone.now()
            )
            approved += 1
    return approved
