"""The month close: which clients, which engagements, dates, reruns."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from engagements.models import Engagement, Subtask
from enterprise.audit import timeline_for
from invoicing.models import Invoice
from invoicing.services.billing import BillingError
from invoicing.services.billing_close import close_due_periods, month_close

from . import factories as f

APRIL_10 = datetime.date(2026, 4, 10)


def test_close_issues_one_invoice_with_number_dates_and_snapshot(
    sample, finance, operator
):
    engagement = f.completed_engagement(
        sample, "記事作成", [("記事作成", 10, 19_800)],
        completed_on=datetime.date(2026, 3, 10), rewards=(120_000, 30_000),
    )  # fmt: skip

    result = month_close(period="2026-03", by=finance, today=APRIL_10)

    invoice = sample.invoices.get()
    # Issued on the closing date; April fiscal year, so March 2026 is FY2025.
    assert result.issued == ["INV-2025-000001"] == [invoice.number]
    assert (invoice.state, invoice.issue_date) == ("issued", datetime.date(2026, 3, 31))
    assert (invoice.period_start, invoice.period_end) == (
        datetime.date(2026, 3, 1), datetime.date(2026, 3, 31),
    )  # fmt: skip
    # 月末締め翌月末払い: April 30, 2026 is a Thursday.
    assert invoice.due_date == datetime.date(2026, 4, 30)
    assert (invoice.issuer_name, invoice.issuer_registration_number) == (
        "株式会社モトウケ", "T4010001234567",
    )  # fmt: skip
    assert invoice.recipient_name == "株式会社サンプル"
    assert (invoice.bank_name, invoice.bank_account_number) == ("みずほ銀行", "1234567")
    assert (invoice.total, invoice.worker_cost) == (239_580, 150_000)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.INVOICED
    assert [row.action for row in timeline_for(engagement)][-1] == (
        "engagements.engagement.invoiced"
    )
    assert [row.action for row in timeline_for(invoice)] == [
        "invoicing.invoice.created",
        "invoicing.invoice.issued",
    ]


def test_running_the_close_again_issues_nothing(sample, finance, operator):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 50_000)], completed_on=datetime.date(2026, 3, 3)
    )
    month_close(period="2026-03", by=finance, today=APRIL_10)

    again = month_close(period="2026-03", by=finance, today=APRIL_10)

    assert again.issued == []
    assert Invoice.objects.count() == 1


def test_engagement_completed_after_the_closing_date_waits_for_next_period(
    finance, operator
):
    client = f.client(closing_day=20)  # 20日締め翌月末払い
    f.completed_engagement(
        client, "前半", [("前半", 1, 10_000)], completed_on=datetime.date(2026, 3, 20)
    )
    later = f.completed_engagement(
        client, "後半", [("後半", 1, 20_000)], completed_on=datetime.date(2026, 3, 21)
    )

    month_close(period="2026-03", by=finance, today=APRIL_10)

    invoice = client.invoices.get()
    assert (invoice.period_start, invoice.period_end) == (
        datetime.date(2026, 2, 21), datetime.date(2026, 3, 20),
    )  # fmt: skip
    assert [line.description for line in invoice.lines.all()] == ["前半", "進行管理費"]
    later.refresh_from_db()
    assert later.state == Engagement.State.COMPLETED


def test_a_period_whose_closing_date_has_not_passed_is_not_closed(
    sample, finance, operator
):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 50_000)], completed_on=datetime.date(2026, 3, 3)
    )

    result = month_close(period="2026-03", by=finance, today=datetime.date(2026, 3, 31))

    assert (result.clients, result.issued) == (0, [])


def test_earlier_unbilled_work_widens_the_transaction_period(sample, finance, operator):
    f.completed_engagement(
        sample,
        "古い案件",
        [("古い案件", 1, 10_000)],
        completed_on=datetime.date(2026, 1, 15),
    )

    month_close(period="2026-03", by=finance, today=APRIL_10)

    invoice = sample.invoices.get()
    assert invoice.period_start == datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("period", "rule", "due"),
    [
        # 月末締め翌月末払い. May 31, 2026 is a Sunday.
        ("2026-04", "previous", datetime.date(2026, 5, 29)),
        ("2026-04", "next", datetime.date(2026, 6, 1)),
        # December 31 is a bank holiday; January 1-3 too, then a weekend.
        ("2026-11", "previous", datetime.date(2026, 12, 30)),
        ("2026-11", "next", datetime.date(2027, 1, 4)),
        # June 30, 2026 is a Tuesday: no shift.
        ("2026-05", "previous", datetime.date(2026, 6, 30)),
    ],
)
def test_due_date_follows_the_terms_and_the_holiday_rule(
    finance, operator, period, rule, due
):
    client = f.client(holiday_rule=rule)
    year, month = (int(x) for x in period.split("-"))
    f.completed_engagement(
        client,
        "記事",
        [("記事", 1, 10_000)],
        completed_on=datetime.date(year, month, 2),
    )

    month_close(period=period, by=finance, today=datetime.date(2027, 2, 1))

    assert client.invoices.get().due_date == due


def test_twentieth_closing_paid_on_the_25th_of_next_month(finance, operator):
    client = f.client(closing_day=20, payment_day=25)  # 20日締め翌月25日払い
    f.completed_engagement(
        client, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 4, 2)
    )

    month_close(period="2026-04", by=finance, today=datetime.date(2026, 5, 1))

    assert client.invoices.get().due_date == datetime.date(2026, 5, 25)


def test_extra_rounds_the_client_pays_are_billed(sample, finance, operator):
    engagement = f.completed_engagement(
        sample, "バナー", [("バナー制作", 1, 30_000)],
        completed_on=datetime.date(2026, 3, 9), rewards=(20_000,),
    )  # fmt: skip
    Subtask.objects.filter(engagement=engagement).update(
        extra_rounds_billable=2, extra_round_price=5_000
    )

    month_close(period="2026-03", by=finance, today=APRIL_10)

    lines = sample.invoices.get().lines.values_list(
        "description", "quantity", "unit", "amount"
    )
    assert list(lines) == [
        ("バナー", 1, "式", 30_000),
        ("進行管理費", 1, "式", 3_000),
        ("追加修正（バナー 作業1）", 2, "回", 10_000),
    ]  # fmt: skip
    assert sample.invoices.get().total == 47_300  # (30,000 + 3,000 + 10,000) × 1.1


def test_each_client_gets_its_own_invoice_and_numbers_follow_on(finance, operator):
    first, second = f.client("株式会社いち"), f.client("株式会社に")
    for company in (first, second):
        f.completed_engagement(
            company,
            "記事",
            [("記事", 1, 10_000)],
            completed_on=datetime.date(2026, 3, 2),
        )

    month_close(period="2026-03", by=finance, today=APRIL_10)

    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        "INV-2025-000001", "INV-2025-000002",
    ]  # fmt: skip
    assert first.invoices.count() == second.invoices.count() == 1


def test_a_client_that_fails_leaves_nothing_half_written(
    sample, finance, operator, monkeypatch
):
    from invoicing.services import billing_close

    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 2)
    )

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(billing_close, "apply_transition", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        month_close(period="2026-03", by=finance, today=APRIL_10)

    assert not Invoice.objects.exists()
    assert Engagement.objects.get().state == Engagement.State.COMPLETED


def test_nightly_close_catches_up_last_months_period(sample, operator):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 31)
    )

    results = close_due_periods(today=datetime.date(2026, 4, 1))

    assert [(r.period, r.issued) for r in results] == [
        ("2026-03", ["INV-2025-000001"]),
        ("2026-04", []),
    ]
    assert sample.invoices.get().created_by is None


def test_only_finance_closes_a_month(sample, sales, operator):
    with pytest.raises(PermissionDenied):
        month_close(period="2026-03", by=sales, today=APRIL_10)


@pytest.mark.parametrize("period", ["2026-13", "202603", "March", "2026-3"])
def test_a_malformed_period_is_refused(finance, period):
    with pytest.raises(BillingError):
        month_close(period=period, by=finance)


def test_the_nightly_task_closes_yesterdays_closing_day(sample, operator):
    from invoicing.tasks.billing import close_due_clients

    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 3, 31)
    )

    assert close_due_clients.delay("2026-04-01").get() == ["INV-2025-000001"]
    assert close_due_clients.delay("2026-04-02").get() == []
