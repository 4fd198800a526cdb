"""Hourly work quoted by the hour is billed by the hour: each approved week
at the client's hourly rate, at the month close of the period it ended in,
once, while the engagement is still in progress."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from engagements.models import Engagement
from engagements.services import decomposition
from invoicing.models import BilledTimesheet, Invoice
from invoicing.services.billing_close import month_close
from tests.engagements import factories as ef
from tests.invoicing.payouts.factories import approved_week, category, make_worker


def _hourly_week(client, *, client_rate, hours=("4", "3.75"), title="サイト運用代行"):
    """Last week of a ¥2,500-an-hour job for ``client``, approved."""
    director = ef.user_with_roles(f"director-{title}", "director")
    engagement = Engagement.objects.create(
        client=client,
        title="サイト運用",
        category=category("writing"),
        purpose="更新の代行",
        deliverables="更新作業",
        acceptance_criteria="依頼どおり更新されていること",
        deadline=timezone.localdate() + datetime.timedelta(days=60),
        budget=500_000,
        director=director,
        sales_owner=ef.user_with_roles(f"sales-{title}", "sales"),
        state=Engagement.State.PLANNING,
    )
    subtask = decomposition.subtask_create(
        engagement=engagement,
        by=director,
        title=title,
        instructions="記事の入稿と更新",
        deliverable_spec="作業報告",
        reward=100_000,
        due_at=ef.in_days(30),
    )
    worker = make_worker(f"worker-{title}")
    return approved_week(
        subtask, director=director, worker=worker, hours=hours, client_rate=client_rate
    )


@pytest.fixture
def week(operator, sample):
    """7.75 h approved at ¥4,980 an hour for the client: ¥38,595."""
    return _hourly_week(sample, client_rate=4_980)


def _close_of(client, sheet):
    """The period the week ended in, and the day after its closing date."""
    closing = client.closing_date_for(sheet.week_start + datetime.timedelta(days=6))
    return f"{closing:%Y-%m}", closing + datetime.timedelta(days=1)


def test_an_approved_week_is_billed_at_the_client_rate(week, sample, finance):
    period, today = _close_of(sample, week)

    result = month_close(period=period, by=finance, today=today)

    invoice = Invoice.objects.get(client=sample)
    assert result.issued == [invoice.number]
    line = invoice.lines.get()
    assert (line.kind, line.description) == (
        "hours",
        f"稼働時間：サイト運用代行（{week.week_start:%Y/%m/%d}週）",
    )
    assert (line.quantity, line.unit, line.unit_price, line.amount) == (
        Decimal("7.75"),
        "時間",
        4_980,
        38_595,
    )
    # 10% once on the subtotal, floored (the client's rounding): ¥3,859.
    assert (invoice.subtotal, invoice.tax, invoice.total) == (38_595, 3_859, 42_454)
    assert invoice.worker_cost == 19_375  # 7.75 h × ¥2,500
    assert BilledTimesheet.objects.get(timesheet=week).invoice == invoice
    # The engagement is still being worked on: only the hours are billed.
    assert week.subtask.engagement.state == Engagement.State.IN_PROGRESS


def test_a_week_is_billed_once(week, sample, finance):
    period, today = _close_of(sample, week)
    month_close(period=period, by=finance, today=today)
    year, month = (int(part) for part in period.split("-"))
    following = f"{year + month // 12}-{month % 12 + 1:02d}"

    again = month_close(period=period, by=finance, today=today)
    later = month_close(
        period=following, by=finance, today=today + datetime.timedelta(days=40)
    )

    assert (again.issued, later.issued) == ([], [])
    assert Invoice.objects.filter(client=sample).count() == 1


def test_a_week_of_a_fixed_price_quote_is_not_billed(operator, sample, finance):
    sheet = _hourly_week(sample, client_rate=None)
    assert sheet.client_amount is None
    period, today = _close_of(sample, sheet)

    assert month_close(period=period, by=finance, today=today).issued == []
    assert not Invoice.objects.filter(client=sample).exists()
