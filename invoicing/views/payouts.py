"""Payout screens: finance's payout run, and the worker's orders, statements
and pay dates. Every object page fetches through a selector that answers 404
for someone else's; only finance (and superusers) run payouts and exports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.calendar import payment_terms_text
from enterprise.downloads import document_pdf_response
from enterprise.exports import list_export
from enterprise.models import OperatorProfile
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import FINANCE, WORKER
from enterprise.sections import render_sections

from .. import rules
from ..exports import PAYOUT_LINE_COLUMNS
from ..exports import PAYOUT_STATEMENT_COLUMNS as STATEMENT_COLUMNS
from ..forms.payouts import (
    PayDateForm,
    ReasonForm,
    RescheduleForm,
    TransferForm,
    WithholdingForm,
)
from ..models import PayoutLine, PayoutRun
from ..selectors import payouts as selectors
from ..selectors.bank_changes import bank_changes_before, bank_changes_of, payees_on
from ..services import payouts as services
from ..services.payouts.exports import payout_dates, zengin_export
from ..tasks.payouts import render_payout_statement_pdf, render_worker_order_pdf

finance_only = role_required(FINANCE)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
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


PAGE_SIZE = 50
# The statement page, to which apps above add sections (the desk's objection link).
STATEMENT_PAGE = "invoicing.payout_statement"


def _page(request, rows, param: str, count: int | None = None):
    """A page of ``rows`` and the query string of the other paginators;
    ``count``, when the caller knows it, spares the paginator's COUNT."""
    paginator = Paginator(rows, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()


def _with_names(rows) -> list[dict]:
    for row in rows:
        full = f"{row['worker__last_name']} {row['worker__first_name']}".strip()
        row["name"] = full or row["worker__username"]
    return rows


def _pay_date_export(request, pay_date, statements):
    """?rows=lines|statements&export=csv|xlsx: either list of the page."""
    name = f"payouts-{pay_date:%Y%m%d}"
    if request.GET.get("rows") == "statements":
        rows = statements.select_related("worker")
        return list_export(request, f"{name}-statements", STATEMENT_COLUMNS, rows)
    lines = selectors.lines_due(pay_date)
    return list_export(request, f"{name}-lines", PAYOUT_LINE_COLUMNS, lines)


@finance_only
def payout_date(request, day: str):
    """The run page of one pay date: one row per worker with lines due (a
    drill-down lists them), the statements issued, totals, the run and
    Zengin buttons. Paginated, totals in SQL: a pay date holds thousands."""
    pay_date = _day(day)
    statements = selectors.statements_on(pay_date)
    if export := _pay_date_export(request, pay_date, statements):
        return export
    due = selectors.pay_date_line_totals(pay_date)
    workers, workers_query = _page(
        request, selectors.pay_date_workers(pay_date), "page", count=due["workers"]
    )
    workers.object_list = _with_names(list(workers.object_list))
    statement_page, statements_query = _page(
        request, statements.select_related("worker"), "statements"
    )
    return render(
        request,
        "invoicing/payouts/pay_date.html",
        {
            "pay_date": pay_date,
            "workers": workers,
            "workers_query": workers_query,
            "due": due,
            "statements": statement_page,
            "statements_query": statements_query,
            "totals": selectors.statement_totals(statements),
            "unpaid": statements.filter(state="issued").exists(),
            "runs": PayoutRun.objects.filter(pay_date=pay_date)[:5],
            "bank_changes": bank_changes_before(pay_date, payees_on(pay_date)),
            "held": statements.filter(state="issued").exclude(bank_hold_reason=""),
        },
    )


@finance_only
def payout_date_worker(request, day: str, worker_id: int):
    """One worker's lines due by the pay date, with the actions on each."""
    pay_date = _day(day)
    lines, query = _page(
        request, selectors.worker_lines_due(pay_date, worker_id), "page"
    )
    if not lines.object_list:
        raise Http404
    return render(
        request,
        "invoicing/payouts/pay_date_worker.html",
        {
            "pay_date": pay_date,
            "worker": lines.object_list[0].worker,
            "lines": lines,
            "query": query,
            "reason_form": ReasonForm(),
            "withholding_form": WithholdingForm(),
            "reschedule_form": RescheduleForm(),
        },
    )


@finance_only
@require_POST
@once_per_token
def payout_run(request, day: str):
    """Start the run of the pay date in the background; its progress page."""
    pay_date = _day(day)
    try:
        run = services.payout_run_start(pay_date=pay_date, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("invoicing:payout_date", day)
    messages.success(request, _("The payout run has started."))
    return redirect("invoicing:payout_run_page", run.pk)


@finance_only
def payout_run_page(request, pk: int):
    """A payout run's progress; once done, the statements of its pay date."""
    run = get_object_or_404(PayoutRun, pk=pk)
    statements = selectors.statements_on(run.pay_date)
    page, query = _page(request, statements.select_related("worker"), "statements")
    return render(
        request,
        "invoicing/payouts/payout_run.html",
        {
            "run": run,
            "statements": page,
            "statements_query": query,
            "totals": selectors.statement_totals(statements),
        },
    )


@finance_only
def payout_run_progress(request, pk: int):
    """Polled by the progress bar: where the run has got to."""
    return JsonResponse(get_object_or_404(PayoutRun, pk=pk).progress())


@finance_only
@require_POST
def payout_run_resume(request, pk: int):
    """再開 of a stalled (or failed) run: it continues where it stopped."""
    run = get_object_or_404(PayoutRun, pk=pk)
    try:
        services.payout_run_resume(run=run, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The payout run continues where it stopped."))
    return redirect("invoicing:payout_run_page", run.pk)


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
@once_per_token
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
            # The desk above adds the objection notice's ticket link.
            "sections": render_sections(STATEMENT_PAGE, request, statement),
            "bank_changes": (
                bank_changes_of(statement.worker_id, pay_date=statement.pay_date)
                if finance
                else None
            ),
        },
    )


def _pdf(request, document, filename: str, back: str, task):
    return document_pdf_response(
        request, document, filename=filename, back=back, task=task
    )


@login_required
def statement_pdf(request, pk: int):
    statement = selectors.get_statement_for_user(request.user, pk)
    back = reverse("invoicing:payout_statement", args=[statement.pk])
    filename = f"{statement.number}.pdf"
    return _pdf(request, statement, filename, back, render_payout_statement_pdf)


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
    filename = f"{order.number}-v{order.version}.pdf"
    return _pdf(request, order, filename, back, render_worker_order_pdf)


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
