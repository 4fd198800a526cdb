"""Hourly work quoted by the hour is billed by the hour: each approved week
at the unit price of the accepted quote's hourly line, at the month close of
the period it ended in, once, while the engagement is still in progress; at
completion the hourly line is left out, so nothing is billed twice."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from engagements.models import Engagement, Quote, QuoteLine, WeeklyTimesheet
from engagements.services import assignment, decomposition, hourly
from engagements.services.quotes import quote_amounts
from invoicing.models import BilledTimesheet, Invoice
from invoicing.services.billing_close import month_close
from tests.engagements import factories as ef
from tests.invoicing.payouts.factories import approved_week, category, make_worker

from .factories import at


def _accepted_quote(engagement, *, hourly_rate, fixed=None):
    """The engagement's accepted quote: ``fixed`` (description, yen) as one
    line, and 運用代行 40 時間 at ``hourly_rate`` billed by the hour; the
    client's fee terms frozen as the quote service does. The hourly line."""
    client = engagement.client
    quote = Quote.objects.create(
        engagement=engagement, state=Quote.State.ACCEPTED, number=f"Q-{engagement.pk}",
        valid_until=timezone.localdate(), created_by=engagement.sales_owner,
        direction_fee_kind=client.direction_fee_kind,
        direction_fee_rate=client.direction_fee_rate,
        direction_fee_fixed=client.direction_fee_amount,
        tax_rounding=client.tax_rounding,
    )  # fmt: skip
    lines = [(*fixed, Decimal(1), "式", False)] if fixed else []
    lines.append(("運用代行", hourly_rate, Decimal(40), "時間", True))
    saved = [
        QuoteLine.objects.create(
            quote=quote,
            position=i,
            description=text,
            unit_price=price,
            quantity=quantity,
            unit=unit,
            billed_hourly=by_hour,
        )  # fmt: skip
        for i, (text, price, quantity, unit, by_hour) in enumerate(lines)
    ]
    for field, value in quote_amounts(quote, saved).items():
        setattr(quote, field, value)
    quote.save()
    return saved[-1]


def _hourly_job(client, *, client_rate, title="サイト運用代行", fixed=None):
    """A ¥2,500-an-hour subtask of ``client``'s engagement, its director and
    the hourly quote line the client is billed at (None: a fixed price)."""
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
    line = (
        _accepted_quote(engagement, hourly_rate=client_rate, fixed=fixed)
        if client_rate
        else None
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
    return subtask, director, line


def _hourly_week(client, *, client_rate, hours=("4", "3.75"), title="サイト運用代行"):
    """Last week of a ¥2,500-an-hour job for ``client``, approved."""
    subtask, director, line = _hourly_job(client, client_rate=client_rate, title=title)
    worker = make_worker(f"worker-{title}")
    return approved_week(
        subtask, director=director, worker=worker, hours=hours, quote_line=line
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
    line, fee = invoice.lines.order_by("position", "id")
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
    # The quote's 10% direction fee applies to the hours too, floored: ¥3,859.
    assert (fee.kind, fee.description, fee.amount) == (
        "direction_fee",
        "進行管理費（稼働時間分）",
        3_859,
    )
    # 10% tax once on ¥42,454, floored (the client's rounding): ¥4,245.
    assert (invoice.subtotal, invoice.tax, invoice.total) == (42_454, 4_245, 46_699)
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


def _log_week(subtask, worker, monday, hours):
    for offset, value in enumerate(hours):
        hourly.time_entry_log(
            subtask=subtask, by=worker, date=monday + datetime.timedelta(days=offset),
            hours=Decimal(value), note="記事の入稿",
        )  # fmt: skip
    return WeeklyTimesheet.objects.get(subtask=subtask, week_start=monday)


def test_the_hourly_line_is_billed_by_the_week_and_not_again_at_completion(
    operator, sample, finance
):
    # Quote: 初期設定 ¥200,000 (fixed) + 運用代行 40 h × ¥4,980 = ¥199,200
    # (hourly, the estimate); 10% fee on ¥399,200 = ¥39,920.
    subtask, director, line = _hourly_job(
        sample, client_rate=4_980, fixed=("初期設定", 200_000)
    )
    assert line.quote.direction_fee == 39_920
    hourly.hourly_terms_set(
        subtask=subtask, by=director, hourly_rate=2_500,
        weekly_cap_hours=Decimal("20"), client_quote_line=line,
    )  # fmt: skip
    worker = make_worker("worker-two-weeks")
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=director)
    assignment.offer_accept(offer=offer, by=worker)
    last = hourly.week_start(timezone.localdate()) - datetime.timedelta(weeks=1)
    earlier = last - datetime.timedelta(weeks=1)
    for monday, hours in ((earlier, ("4", "3.75")), (last, ("8", "2.5"))):
        hourly.timesheet_approve(
            sheet=_log_week(subtask, worker, monday, hours), by=director
        )
    period, today = _close_of(sample, WeeklyTimesheet.objects.get(week_start=last))

    month_close(period=period, by=finance, today=today)

    weekly = Invoice.objects.get(client=sample)
    assert [
        (x.kind, x.quantity, x.unit_price, x.amount)
        for x in weekly.lines.order_by("position", "id")
    ] == [
        ("hours", Decimal("7.75"), 4_980, 38_595),  # 7.75 h × ¥4,980
        ("hours", Decimal("10.50"), 4_980, 52_290),  # 10.5 h × ¥4,980
        ("direction_fee", Decimal(1), 9_088, 9_088),  # 10% of ¥90,885, floored
    ]
    # Tax 10% of ¥99,973 floored: ¥9,997.
    assert (weekly.subtotal, weekly.tax, weekly.total) == (99_973, 9_997, 109_970)
    assert weekly.worker_cost == 45_625  # 18.25 h × ¥2,500

    # The engagement completes in the next period: its close bills the fixed
    # line and the quote's 10% fee on it, not the hourly line again.
    closing = datetime.date.fromisoformat(f"{period}-01")
    closing = sample.closing_date_for(closing + datetime.timedelta(days=40))
    Engagement.objects.filter(pk=subtask.engagement_id).update(
        state=Engagement.State.COMPLETED, completed_at=at(closing)
    )
    month_close(
        period=f"{closing:%Y-%m}", by=finance, today=closing + datetime.timedelta(1)
    )

    final = Invoice.objects.exclude(pk=weekly.pk).get(client=sample)
    assert [(x.kind, x.amount) for x in final.lines.order_by("position", "id")] == [
        ("work", 200_000),
        ("direction_fee", 20_000),
    ]
    assert (final.subtotal, final.tax, final.total) == (220_000, 22_000, 242_000)
    assert final.worker_cost == 0  # the hourly worker is paid by the week
