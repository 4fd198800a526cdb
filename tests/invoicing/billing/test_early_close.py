"""臨時締め: finance closes one client's current period before its closing
date, so work accepted today can be invoiced today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements.models import Engagement
from invoicing.models import Invoice, MonthCloseRun
from invoicing.services.billing_close import close_early, month_close
from tests.once import once

from . import factories as f

DEC_6 = datetime.date(2026, 12, 6)


def test_early_close_invoices_what_is_completed_up_to_today(sample, finance, operator):
    done = f.completed_engagement(
        sample, "記事", [("記事", 2, 30_000)],
        completed_on=datetime.date(2026, 12, 3), rewards=(40_000,),
    )  # fmt: skip

    result = close_early(client_id=sample.pk, by=finance, today=DEC_6)

    invoice = sample.invoices.get()
    assert result.issued == [invoice.number]
    assert invoice.close_period == "2026-12"
    assert (invoice.period_start, invoice.period_end, invoice.issue_date) == (
        datetime.date(2026, 12, 1), DEC_6, DEC_6,
    )  # fmt: skip
    # 月末締め翌月末払い from the early close: January 31, 2027 is a Sunday.
    assert invoice.due_date == datetime.date(2027, 1, 29)
    # ¥60,000 + 10% direction fee ¥6,000, tax ¥6,600.
    assert (invoice.total, invoice.worker_cost) == (72_600, 40_000)
    done.refresh_from_db()
    assert done.state == Engagement.State.INVOICED


def test_work_completed_after_an_early_close_goes_on_next_periods_invoice(
    sample, finance, operator
):
    f.completed_engagement(
        sample, "前半", [("前半", 1, 10_000)], completed_on=datetime.date(2026, 12, 3)
    )
    close_early(client_id=sample.pk, by=finance, today=DEC_6)
    later = f.completed_engagement(
        sample, "後半", [("後半", 1, 20_000)], completed_on=datetime.date(2026, 12, 20)
    )

    december = month_close(
        period="2026-12", by=finance, today=datetime.date(2027, 1, 5)
    )
    january = month_close(period="2027-01", by=finance, today=datetime.date(2027, 2, 5))

    assert december.issued == []
    invoice = Invoice.objects.get(close_period="2027-01")
    assert january.issued == [invoice.number]
    assert invoice.period_start == datetime.date(2026, 12, 20)
    assert invoice.lines.filter(engagement=later).exists()


def test_early_close_after_the_20th_takes_next_months_period(finance, operator):
    client = f.client(closing_day=20)  # 20日締め
    f.completed_engagement(
        client, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 12, 22)
    )

    close_early(client_id=client.pk, by=finance, today=datetime.date(2026, 12, 25))

    invoice = client.invoices.get()
    assert invoice.close_period == "2027-01"
    assert (invoice.period_start, invoice.period_end) == (
        datetime.date(2026, 12, 21), datetime.date(2026, 12, 25),
    )  # fmt: skip


def test_early_close_twice_issues_one_invoice(sample, finance, operator):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=datetime.date(2026, 12, 3)
    )
    close_early(client_id=sample.pk, by=finance, today=DEC_6)

    again = close_early(client_id=sample.pk, by=finance, today=DEC_6)

    assert again.issued == []
    assert Invoice.objects.count() == 1


def test_finance_closes_one_client_early_from_the_month_close_page(
    client, finance, sample, operator, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    f.completed_engagement(sample, "記事", [("記事", 1, 10_000)], completed_on=today)
    idle = f.client("合同会社なにもなし")
    client.force_login(finance)

    page = client.get(reverse("invoicing:month_close")).content.decode()
    assert "株式会社サンプル" in page and idle.legal_name not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invoicing:month_close_early"), once(client=sample.pk)
        )

    run = MonthCloseRun.objects.get()
    assert response.url == reverse("invoicing:month_close_run", args=[run.pk])
    assert run.period == f"{today:%Y-%m}"
    progress = client.get(reverse("invoicing:month_close_progress", args=[run.pk]))
    assert progress.json() | {"state_label": None} == {
        "state": "done", "state_label": None, "total": 1, "done": 1, "issued": 1,
        "percent": 100, "finished": True, "resumable": False, "error": "",
    }  # fmt: skip
    assert sample.invoices.get().issue_date == today


def test_early_close_without_a_client_shows_the_error_by_the_field(
    client, finance, operator
):
    client.force_login(finance)

    response = client.post(reverse("invoicing:month_close_early"), once())

    assert response.status_code == 400
    assert "このフィールドは必須です。" in response.content.decode()
    assert not MonthCloseRun.objects.exists()


@pytest.mark.parametrize("role", ["sales", "client"])
def test_only_finance_closes_early(client, sample, operator, role):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=timezone.localdate()
    )
    client.force_login(f.user_with_roles(f"{role}-x", role))

    response = client.post(
        reverse("invoicing:month_close_early"), once(client=sample.pk)
    )

    assert response.status_code == 403
    assert not Invoice.objects.exists()


def test_an_early_close_run_names_its_client_where_runs_are_shown(
    client, finance, sample, operator, django_capture_on_commit_callbacks
):
    f.completed_engagement(
        sample, "記事", [("記事", 1, 10_000)], completed_on=timezone.localdate()
    )
    MonthCloseRun.objects.create(period="2026-11", started_by=finance)
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invoicing:month_close_early"), once(client=sample.pk))

    early = MonthCloseRun.objects.get(client__isnull=False)
    assert early.client == sample
    label = "臨時締め：株式会社サンプル"
    run_page = client.get(reverse("invoicing:month_close_run", args=[early.pk]))
    assert label in run_page.content.decode()
    for url in (reverse("invoicing:month_close"), reverse("invoicing:dashboard")):
        # Both runs are listed; only the early close names a client.
        assert client.get(url).content.decode().count("臨時締め：") == 1
        assert label in client.get(url).content.decode()
    whole = MonthCloseRun.objects.get(client__isnull=True)
    page = client.get(reverse("invoicing:month_close_run", args=[whole.pk]))
    assert "臨時締め：" not in page.content.decode()
