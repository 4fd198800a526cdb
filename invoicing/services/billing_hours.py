"""Hourly work billed by the hour (issue 6): when the hourly terms are tied
to an hourly line of the accepted quote (``HourlyTerms.client_quote_line``,
whose unit price is copied to ``client_hourly_rate``), each approved week's
``client_amount`` (approved hours × the client rate, floored to the yen) is
billed at the month close of the period the week ended in, or the first
close after it is approved, whether or not the engagement is complete.

The quote's fixed-price lines are billed when the engagement completes; its
hourly lines are left out then (billing_close), so the hours are billed once,
by the week. The weeks carry no direction fee: the fee billed at completion
is the quote's fee terms on the fixed-price lines. A week is billed once:
``BilledTimesheet`` ties it to its invoice by a unique key, and each
client's close holds the client's row lock.
"""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clients.models import Client
from enterprise import money
from enterprise.money import DirectionFeeKind

from ..models import BilledTimesheet
from ..models.billing import LineKind
from .billing import LineInput, standard_rate

HOURS_LINE = gettext_noop("Hours: %(title)s (week of %(week)s)")
HOURS_UNIT = gettext_noop("hours")
WEEK = datetime.timedelta(days=6)


def _unbilled():
    from engagements.models import WeeklyTimesheet

    return WeeklyTimesheet.objects.filter(
        state=WeeklyTimesheet.State.APPROVED,
        client_amount__isnull=False,
        billing__isnull=True,
    )


def unbilled_weeks(client, closing: datetime.date) -> list:
    """The client's approved hourly weeks not yet billed that ended by
    ``closing``, oldest first."""
    weeks = _unbilled().filter(
        subtask__engagement__client=client, week_start__lte=closing - WEEK
    )
    return list(
        weeks.select_related(
            "subtask__hourly_terms__client_quote_line__quote"
        ).order_by("week_start", "id")
    )


def hour_lines(weeks, on: datetime.date) -> list[LineInput]:
    """One invoice line per week: hours × the client's hourly rate."""
    with translation.override("ja"):
        unit = _(HOURS_UNIT)
        return [
            LineInput(
                _(HOURS_LINE)
                % {
                    "title": sheet.subtask.title,
                    "week": f"{sheet.week_start:%Y/%m/%d}",
                },
                sheet.client_amount,
                standard_rate(on),
                quantity=sheet.hours_approved,
                unit=unit,
                unit_price=sheet.subtask.hourly_terms.client_hourly_rate,
                kind=LineKind.HOURS,
                engagement_id=sheet.subtask.engagement_id,
            )
            for sheet in weeks
        ]


def hours_direction_fee(weeks) -> int:
    """進行管理費 on ``weeks``: each quote's rate fee on its weeks' amounts,
    rounded once per quote as the quote rounds it."""
    billed: dict[int, list] = {}
    for sheet in weeks:
        line = sheet.subtask.hourly_terms.client_quote_line
        if line is not None and line.quote.direction_fee_kind == DirectionFeeKind.RATE:
            billed.setdefault(line.quote_id, [line.quote, 0])[1] += sheet.client_amount
    return sum(
        money.direction_fee(
            work_subtotal=amount,
            kind=quote.direction_fee_kind,
            rate=quote.direction_fee_rate,
            rounding=quote.tax_rounding,
        )
        for quote, amount in billed.values()
    )


def mark_weeks_billed(weeks, invoice) -> None:
    BilledTimesheet.objects.bulk_create(
        BilledTimesheet(timesheet=sheet, invoice=invoice) for sheet in weeks
    )


def clients_with_hours_due(period: str, *, today: datetime.date, closing_in) -> set:
    """Ids of clients with an unbilled week that ended by their closing
    date in ``period``, when that date has passed and ``period`` is not
    invoiced yet. ``closing_in(period, client)`` gives the closing date."""
    rows = (
        _unbilled()
        .exclude(subtask__engagement__client__invoices__close_period=period)
        .values("subtask__engagement__client")
        .annotate(first=Min("week_start"))
    )
    first = {row["subtask__engagement__client"]: row["first"] for row in rows}
    due = set()
    for client in Client.objects.filter(pk__in=first):
        closing = closing_in(period, client)
        if closing < today and first[client.pk] + WEEK <= closing:
            due.add(client.pk)
    return due
