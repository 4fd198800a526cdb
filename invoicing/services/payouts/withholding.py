"""The withholding the operator pays over and reports (japan.md §2.4).

- Paying over: the income tax withheld from the payments of a month is due
  by the 10th of the next month (所得税法212条, NTA No.2505), moved to the
  next business day when that is a weekend or holiday (国税通則法10条2項).
  With the 納期の特例 (an operator setting) salaries and 2号 fees are due
  half-yearly (January–June by July 10, July–December by January 20), but
  1号 fees — writing, design, translation, everything a worker here is
  withheld on — stay monthly: the special rule does not cover them.
- Reporting: the 支払調書 (報酬、料金、契約金及び賞金の支払調書) per payee and
  calendar year, required above the threshold in the rate tables (¥50,000,
  ``enterprise.money.payment_report_required``), even when nothing was
  withheld (a corporation, W7); due by January 31 of the next year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from enterprise.audit import log_action
from enterprise.calendar import add_months, is_bank_holiday, next_business_day
from enterprise.models import OperatorProfile
from enterprise.money import payment_report_required
from enterprise.pdf import render_pdf, store_document
from enterprise.spreadsheet import csv_lines

from ...models import PaymentReport, PayoutStatement
from ._base import require_finance_or_system

REPORT_TEMPLATE = "pdf/payment_report.html"


def _business_day(day: datetime.date) -> datetime.date:
    return next_business_day(day) if is_bank_holiday(day) else day


def withholding_due_date(
    paid_in: datetime.date, *, special: bool = False, first_class: bool = True
) -> datetime.date:
    """The day the tax withheld on payments made in ``paid_in``'s month is
    due. ``special``: the operator has the 納期の特例; ``first_class``: the
    fees are 1号 fees (原稿料, デザイン料, ...), to which it never applies."""
    if special and not first_class:
        if paid_in.month <= 6:
            return _business_day(datetime.date(paid_in.year, 7, 10))
        return _business_day(datetime.date(paid_in.year + 1, 1, 20))
    year, month = add_months(paid_in.year, paid_in.month, 1)
    return _business_day(datetime.date(year, month, 10))


@dataclass(frozen=True)
class MonthWithheld:
    month: datetime.date
    withheld: int
    payments: int
    due: datetime.date
    overdue: bool


def withholding_by_month(
    *, today: datetime.date, months: int = 3
) -> list[MonthWithheld]:
    """The tax withheld in each of the last ``months`` months up to this one
    (by pay date), newest first, with its due date. One query."""
    special = OperatorProfile.get().withholding_special_due_dates
    year, month = add_months(today.year, today.month, 1 - months)
    rows = (
        PayoutStatement.objects.filter(pay_date__gte=datetime.date(year, month, 1))
        .annotate(month=TruncMonth("pay_date"))
        .values("month")
        .annotate(withheld=Sum("withholding"), payments=Count("id"))
        .order_by("-month")
    )
    result = []
    for row in rows:
        if row["month"] > today:
            continue
        due = withholding_due_date(row["month"], special=special)
        overdue = due < today
        result.append(
            MonthWithheld(row["month"], row["withheld"], row["payments"], due, overdue)
        )
    return result


# --- the 支払調書 ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    worker_id: int
    worker_name: str
    worker_kind: str
    worker_registration_number: str
    paid: int
    withheld: int
    statements: int


def payment_report_rows(*, year: int) -> list[ReportRow]:
    """The payees who need a 支払調書 for ``year``: their 1号 fees paid in
    the year (the withholding base) above the threshold, by name."""
    totals = (
        PayoutStatement.objects.filter(pay_date__year=year, withholding_base__gt=0)
        .values("worker")
        .annotate(
            paid=Sum("withholding_base"),
            withheld=Sum("withholding"),
            statements=Count("id"),
        )
    )
    due = {row["worker"]: row for row in totals
           if payment_report_required(row["paid"], year=year)}  # fmt: skip
    latest = {}
    for statement in (
        PayoutStatement.objects.filter(pay_date__year=year, worker__in=due)
        .order_by("worker_id", "-pay_date")
        .only("worker_id", "worker_name", "worker_kind", "worker_registration_number")
    ):
        latest.setdefault(statement.worker_id, statement)
    rows = [
        ReportRow(
            worker_id=worker,
            worker_name=latest[worker].worker_name,
            worker_kind=latest[worker].worker_kind,
            worker_registration_number=latest[worker].worker_registration_number,
            paid=row["paid"],
            withheld=row["withheld"],
            statements=row["statements"],
        )
        for worker, row in due.items()
    ]
    return sorted(rows, key=lambda row: (row.worker_name, row.worker_id))


CSV_COLUMNS = [
    "年",
    "支払を受ける者",
    "区分",
    "登録番号",
    "支払金額",
    "源泉徴収税額",
    "支払回数",
]


def payment_report_csv(*, year: int) -> bytes:
    """The year's 支払調書 as a list (UTF-8 with a BOM, for Excel)."""
    rows = [CSV_COLUMNS] + [
        [year, row.worker_name, row.worker_kind, row.worker_registration_number,
         row.paid, row.withheld, row.statements]
        for row in payment_report_rows(year=year)
    ]  # fmt: skip
    return "".join(csv_lines(rows)).encode("utf-8")


@transaction.atomic
def payment_reports_issue(*, year: int, by) -> list[PaymentReport]:
    """Issue the year's 支払調書: one per payee above the threshold that has
    none yet (a report once issued is never changed: running it twice
    issues nothing new). Each PDF is rendered after commit. Finance only;
    ``by=None`` for the command line."""
    require_finance_or_system(by)
    from ...tasks.payouts import render_payment_report_pdf

    operator = OperatorProfile.get()
    done = set(PaymentReport.objects.filter(year=year).values_list("worker", flat=True))
    issued = []
    for row in payment_report_rows(year=year):
        if row.worker_id in done:
            continue
        report = PaymentReport.objects.create(
            worker_id=row.worker_id, year=year, worker_name=row.worker_name,
            worker_kind=row.worker_kind,
            worker_registration_number=row.worker_registration_number,
            payer_name=operator.legal_name,
            payer_address=f"〒{operator.postal_code} {operator.address}",
            payer_phone=operator.phone, paid=row.paid, withheld=row.withheld,
            statements=row.statements, created_by=by,
        )  # fmt: skip
        log_action(
            target=report,
            action="invoicing.payment_report.issued",
            by=by,
            data={"year": year, "paid": row.paid, "withheld": row.withheld},
        )
        render_payment_report_pdf.delay_on_commit(report.pk)
        issued.append(report)
    return issued


def payment_report_pdf(report: PaymentReport) -> bytes:
    return render_pdf(REPORT_TEMPLATE, {"report": report})


def payment_report_store_pdf(*, report_id: int) -> str:
    """Render and store a report's PDF once; returns its SHA-256."""
    with transaction.atomic():
        report = PaymentReport.objects.select_for_update().get(pk=report_id)
        if report.pdf_sha256:
            return report.pdf_sha256
        content = payment_report_pdf(report)
        return store_document(report, "pdf", f"{report.number}.pdf", content)
