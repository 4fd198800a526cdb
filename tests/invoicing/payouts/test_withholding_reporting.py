"""The withholding the operator pays over (due the 10th of the next month,
the 納期の特例 never covering 1号 fees) and the yearly 支払調書 per payee
above the ¥50,000 threshold, as CSV and PDF (japan.md §2.4)."""

import csv
import datetime
import io
import subprocess

import pytest
from django.urls import reverse

from enterprise.models import AuditLog, OperatorProfile
from enterprise.templatetags.motouke import jdate
from invoicing.models import PaymentReport
from invoicing.services import payouts
from invoicing.services.payouts.withholding import (
    payment_report_csv,
    payment_report_pdf,
    payment_report_rows,
    payment_reports_issue,
    withholding_by_month,
    withholding_due_date,
)

from .factories import make_line

D = datetime.date


@pytest.mark.parametrize(
    ("paid_in", "special", "first_class", "due"),
    [
        (D(2026, 3, 31), False, True, D(2026, 4, 10)),  # Friday
        (D(2026, 4, 30), False, True, D(2026, 5, 11)),  # 5/10 is a Sunday
        (D(2026, 12, 25), False, True, D(2027, 1, 12)),  # 1/10 Sun, 1/11 成人の日
        # The special rule leaves 1号 fees (writing, design) monthly ...
        (D(2026, 3, 31), True, True, D(2026, 4, 10)),
        # ... and moves salaries and 2号 fees to July 10 / January 20.
        (D(2026, 3, 31), True, False, D(2026, 7, 10)),
        (D(2026, 8, 31), True, False, D(2027, 1, 20)),
    ],
)
def test_withholding_due_dates(paid_in, special, first_class, due):
    assert (
        withholding_due_date(paid_in, special=special, first_class=first_class) == due
    )


def test_the_dashboard_shows_the_months_withheld_with_their_due_dates(
    operator, finance, yamada, client
):
    today = datetime.date.today()
    pay = today.replace(day=1)
    make_line(yamada, amount=50_000, received_on=pay, pay_date=pay)
    payouts.payout_run(pay_date=pay, by=finance)

    [month] = withholding_by_month(today=today)
    assert (month.month, month.withheld) == (pay, 5_105)
    assert month.due == withholding_due_date(pay)
    client.force_login(finance)
    page = client.get(reverse("invoicing:dashboard")).content.decode()
    assert "¥5,105" in page and "納付する源泉所得税" in page
    assert jdate(month.due) in page


@pytest.fixture
def year_2026(operator, finance, yamada, sato):
    """Yamada paid 30,000 + 30,000 (over ¥50,000 in the year), Sato 50,000
    (not over it)."""
    for pay in (D(2026, 4, 30), D(2026, 5, 29)):
        make_line(yamada, amount=30_000, received_on=pay.replace(day=1), pay_date=pay)
    make_line(sato, amount=50_000, received_on=D(2026, 4, 1), pay_date=D(2026, 4, 30))
    for pay in (D(2026, 4, 30), D(2026, 5, 29)):
        payouts.payout_run(pay_date=pay, by=finance)


def test_only_a_payee_over_the_threshold_needs_a_payment_report(year_2026, yamada):
    [row] = payment_report_rows(year=2026)
    # 30,000 × 10.21% = 3,063 withheld at each payment.
    assert (row.worker_id, row.paid, row.withheld, row.statements) == (
        yamada.pk, 60_000, 6_126, 2,
    )  # fmt: skip
    rows = list(
        csv.reader(io.StringIO(payment_report_csv(year=2026).decode("utf-8-sig")))
    )
    assert rows[1][1:] == ["山田 太郎", "individual", rows[1][3], "60000", "6126", "2"]
    assert len(rows) == 2
    assert payment_report_rows(year=2025) == []


def test_payment_reports_are_issued_once_with_their_pdf(year_2026, finance, tmp_path):
    [report] = payment_reports_issue(year=2026, by=finance)
    assert payment_reports_issue(year=2026, by=finance) == []
    assert PaymentReport.objects.count() == 1
    assert AuditLog.objects.filter(action="invoicing.payment_report.issued").exists()

    target = tmp_path / "report.pdf"
    target.write_bytes(payment_report_pdf(report))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout.replace("\n", "")
    assert "報酬、料金、契約金及び賞金の支払調書" in text and "2026年分" in text
    assert "山田 太郎" in text and "¥60,000" in text and "¥6,126" in text
    assert OperatorProfile.get().legal_name in text


def test_the_payment_report_page_is_finance_only(year_2026, finance, client, yamada):
    client.force_login(yamada)
    assert client.get(reverse("invoicing:payment_reports")).status_code in (403, 404)
    client.force_login(finance)
    page = client.get(reverse("invoicing:payment_reports"), {"year": 2026})
    assert "山田 太郎" in page.content.decode() and "佐藤" not in page.content.decode()
    download = client.get(
        reverse("invoicing:payment_reports"), {"year": 2026, "export": "csv"}
    )
    assert "山田 太郎" in download.content.decode("utf-8-sig")


def test_the_payment_report_page_queries_do_not_grow_with_its_rows(
    operator, finance, client, django_assert_max_num_queries
):
    from .factories import make_worker

    client.force_login(finance)
    pay = D(2026, 4, 30)
    for size in (1, 3):
        while PaymentReport.objects.count() < size:
            worker = make_worker(f"w{PaymentReport.objects.count()}")
            make_line(worker, amount=60_000, received_on=D(2026, 4, 1), pay_date=pay)
            payouts.payout_run(pay_date=pay, by=finance)
            payment_reports_issue(year=2026, by=finance)
        with django_assert_max_num_queries(15):
            page = client.get(reverse("invoicing:payment_reports"), {"year": 2026})
        assert page.content.decode().count("PR-2026-") == size
