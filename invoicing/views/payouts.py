"""Payout screens: finance's payout run, and the worker's orders, statements
and pay dates. Every object page fetches through a selector that answers 404
for someone else's; only finance (and superusers) run payouts and exports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.calendar import payment_terms_text
from enterprise.models import OperatorProfile
from enterprise.permissions import role_required
from enterprise.roles import FINANCE, WORKER

from .. import rules
from ..forms.payouts import (
    PayDateForm,
    ReasonForm,
    RescheduleForm,
    TransferForm,
    WithholdingForm,
)
from ..models import PayoutLine
from ..selectors import payouts as selectors
from ..services import payouts as services
from ..services.payouts.exports import payout_dates, zengin_export

finance_only = role_required(FINANCE)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        from django.http import Http404

        raise Http404 from None


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- finance ------------------------------------------------------------------------


@finance_only
def payouts(request):
    """Pay dates with their statements and waiting lines; lines held by the
    60-day check; a date picker for a run."""
    form = PayDateForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "invoicing:payout_date", form.cleaned_data["pay_date"].isoformat()
        )
    return render(
        request,
        "invoicing/payouts/payouts.html",
        {"dates": payout_dates(), "held": selectors.held_lines(), "form": form},
    )


@finance_only
def payout_date(request, day: str):
    """The run page of one pay date: lines due (flags, reasons), statements,
    totals, the run and Zengin download buttons."""
    pay_date = _day(day)
    statements = selectors.statements_on(pay_date)
    lines = list(selectors.lines_due(pay_date))
    return render(
        request,
        "invoicing/payouts/pay_date.html",
        {
            "pay_date": pay_date,
            "lines": lines,
            "scheduled_total": sum(
                line.amount
                for line in lines
                if line.state == PayoutLine.State.SCHEDULED
            ),
            "statements": statements.select_related("worker"),
            "totals": selectors.statement_totals(statements),
            "unpaid": statements.filter(state="issued").exists(),
            "held": statements.filter(state="issued").exclude(bank_hold_reason=""),
            "reason_form": ReasonForm(),
            "withholding_form": WithholdingForm(),
            "reschedule_form": RescheduleForm(),
        },
    )


@finance_only
@require_POST
def payout_run(request, day: str):
    pay_date = _day(day)
    try:
        made = services.payout_run(pay_date=pay_date, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if made:
            messages.success(
                request,
                _("%(count)d payout statements were issued.") % {"count": len(made)},
            )
        else:
            messages.info(request, _("There was nothing new to pay on this date."))
    return redirect("invoicing:payout_date", day)


@finance_only
def payout_zengin(request, day: str):
    """The Zengin transfer file of a pay date, or back with the reason."""
    pay_date = _day(day)
    try:
        export = zengin_export(pay_date=pay_date, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("invoicing:payout_date", day)
    for who, reason in export.held:
        messages.warning(
            request,
            _("Held from the transfer file: %(worker)s (%(reason)s)")
            % {"worker": who, "reason": reason},
        )
    response = HttpResponse(export.content, content_type="application/octet-stream")
    filename = f"zengin-{pay_date:%Y%m%d}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _line_action(service, form_class):
    """A POST on one payout line: validate the form, call the service, go
    back to the line's pay date with the outcome."""

    @finance_only
    @require_POST
    def view(request, pk: int):
        line = get_object_or_404(PayoutLine, pk=pk)
        back = reverse("invoicing:payout_date", args=[line.pay_date.isoformat()])
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(back)
        try:
            line = service(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(back)
        messages.success(request, _("The payout line was updated."))
        return redirect("invoicing:payout_date", line.pay_date.isoformat())

    return view


line_release = _line_action(services.payout_line_release, ReasonForm)
line_withholding = _line_action(
    services.payout_line_override_withholding, WithholdingForm
)
line_reschedule = _line_action(services.payout_line_reschedule, RescheduleForm)


@finance_only
@require_POST
def statement_paid(request, pk: int):
    statement = selectors.get_statement_for_user(request.user, pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.payout_confirm_transfer(
                statement=statement, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _("%(number)s is recorded as paid.") % {"number": statement.number},
            )
    else:
        messages.error(request, _("Check the amounts entered."))
    return redirect("invoicing:payout_statement", statement.pk)


# --- statements and orders (the worker's own; finance sees all) -----------------------


@login_required
def statement_detail(request, pk: int):
    statement = selectors.get_statement_for_user(request.user, pk)
    finance = rules.is_finance(statement, request.user)
    return render(
        request,
        "invoicing/payouts/statement_detail.html",
        {
            "statement": statement,
            "lines": selectors.statement_lines(statement),
            "finance": finance,
            "transfer_form": TransferForm() if finance else None,
            "timeline": timeline_for(statement) if finance else None,
        },
    )


def _pdf(request, document, filename: str, back: str):
    if not document.pdf:
        messages.info(request, _("The PDF is being prepared. Try again shortly."))
        return redirect(back)
    return FileResponse(
        document.pdf.open("rb"), content_type="application/pdf", filename=filename
    )


@login_required
def statement_pdf(request, pk: int):
    statement = selectors.get_statement_for_user(request.user, pk)
    back = reverse("invoicing:payout_statement", args=[statement.pk])
    return _pdf(request, statement, f"{statement.number}.pdf", back)


@login_required
def order_detail(request, pk: int):
    order = selectors.get_order_for_user(request.user, pk)
    staff = order.worker_id != request.user.pk
    return render(
        request,
        "invoicing/payouts/order_detail.html",
        {"order": order, "timeline": timeline_for(order) if staff else None},
    )


@login_required
def order_pdf(request, pk: int):
    order = selectors.get_order_for_user(request.user, pk)
    back = reverse("invoicing:worker_order", args=[order.pk])
    return _pdf(request, order, f"{order.number}-v{order.version}.pdf", back)


def offer_pay_section(request, offer) -> dict:
    """The section on a worker's offer (engagements owns that card): what the
    worker would be paid, as the worker order will state it."""
    if not hasattr(request, "pay_lookups"):
        request.pay_lookups = services.PayLookups()
    worker = request.user if offer.worker_id == request.user.pk else None
    terms = services.offer_pay_terms(offer, worker=worker, lookups=request.pay_lookups)
    return {"terms": terms}


@role_required(WORKER)
def my_orders(request):
    return render(
        request,
        "invoicing/payouts/my_orders.html",
        {
            "orders": selectors.order_list_for_worker(user=request.user),
            "payment_terms": payment_terms_text(OperatorProfile.get()),
        },
    )


@role_required(WORKER)
def my_statements(request):
    return render(
        request,
        "invoicing/payouts/my_statements.html",
        {"statements": selectors.statement_list_for_worker(user=request.user)},
    )


@role_required(WORKER)
def my_pay_dates(request):
    return render(
        request,
        "invoicing/payouts/my_pay_dates.html",
        {"days": selectors.pay_dates_for_worker(user=request.user)},
    )
