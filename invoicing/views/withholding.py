"""Finance's 支払調書 page: the payees above the threshold for a year, the
list as CSV, issuing the reports and each report's PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.downloads import document_pdf_response
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import FINANCE

from ..forms.payouts import ReportYearForm
from ..models import PaymentReport
from ..services.payouts import withholding
from ..tasks.payouts import render_payment_report_pdf
from .billing import _download


def _year(request) -> int:
    form = ReportYearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"]
    return timezone.localdate().year - 1  # January: last year's reports


@role_required(FINANCE)
def payment_reports(request):
    year = _year(request)
    if request.GET.get("export") == "csv":
        return _download(
            withholding.payment_report_csv(year=year),
            f"payment-reports-{year}.csv",
            "text/csv; charset=utf-8",
        )
    rows = withholding.payment_report_rows(year=year)
    issued = PaymentReport.objects.filter(year=year).order_by("worker_name", "id")
    return render(
        request,
        "invoicing/withholding/payment_reports.html",
        {
            "form": ReportYearForm(initial={"year": year}),
            "year": year,
            "year_query": f"year={year}",
            "rows": rows,
            "page": Paginator(issued, 50).get_page(request.GET.get("page")),
        },
    )


@role_required(FINANCE)
@require_POST
@once_per_token
def payment_reports_issue(request):
    form = ReportYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a year such as 2026."))
        return redirect("invoicing:payment_reports")
    year = form.cleaned_data["year"]
    issued = withholding.payment_reports_issue(year=year, by=request.user)
    messages.success(
        request,
        _("%(count)d payment reports issued for %(year)d.")
        % {"count": len(issued), "year": year},
    )
    return redirect(f"{reverse('invoicing:payment_reports')}?year={year}")


@role_required(FINANCE)
def payment_report_pdf(request, pk: int):
    report = get_object_or_404(PaymentReport, pk=pk)
    back = f"{reverse('invoicing:payment_reports')}?year={report.year}"
    return document_pdf_response(
        request,
        report,
        filename=f"{report.number}.pdf",
        back=back,
        task=render_payment_report_pdf,
    )
