"""Reports of the client's voice: reviewer calibration for the head of
directors, and the support desk's monthly figures."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import calibration as calibration_figures

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
