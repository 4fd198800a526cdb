"""Reports of the client's voice: reviewer calibration for the head of
directors, and the support desk's monthly figures."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from enterprise.exports import list_export
from enterprise.permissions import role_required
from enterprise.roles import SUPPORT

from . import calibration as calibration_figures
from . import reports

MONTHS = (3, 6, 12)


@login_required
def calibration(request):
    """Per director: approval, revision and rejection rates, reasons, time to
    review and clients' disagreement, with the spread across directors."""
    if not calibration_figures.may_see_calibration(request.user):
        raise PermissionDenied
    try:
        months = int(request.GET.get("months", 6))
    except ValueError:
        months = 6
    months = months if months in MONTHS else 6
    figures = calibration_figures.calibration(months=months)
    return render(
        request,
        "support/reports/calibration.html",
        {**figures, "months": months, "month_choices": MONTHS},
    )


@role_required(SUPPORT)
def support_reports(request):
    """Tickets by category and state, SLA attainment, satisfaction and dispute
    outcomes by month; ?export=csv|xlsx downloads every figure."""
    try:
        months = int(request.GET.get("months", 12))
    except ValueError:
        months = 12
    months = months if months in reports.MONTH_CHOICES else 12
    report = reports.support_report(months=months)
    name = f"support-report-{months}m"
    rows = reports.export_rows(report)
    if export := list_export(request, name, reports.EXPORT_COLUMNS, rows):
        return export
    return render(
        request,
        "support/reports/support.html",
        {
            **report,
            "months": months,
            "month_choices": reports.MONTH_CHOICES,
            "query": f"months={months}",
            "may_see_calibration": calibration_figures.may_see_calibration(
                request.user
            ),
        },
    )
