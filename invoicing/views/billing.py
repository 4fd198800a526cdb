"""Finance screens for client billing, and the client portal's invoices.

Every invoice page fetches through ``get_invoice_for_user`` first, so an
invoice the person may not see answers 404; the services then check the
right to act (finance or superuser) and the rules.
"""

from __future__ import annotations

import datetime
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.selectors import client_for_contact
from enterprise.audit import timeline_for
from enterprise.calendar import month_end
from enterprise.downloads import document_pdf_response
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT, FINANCE

from .. import rules
from ..forms.billing import (
    CreditNoteForm,
    EarlyCloseForm,
    InvoiceFilterForm,
    JournalExportForm,
    PaymentForm,
    PeriodForm,
    SearchForm,
    last_month,
)
from ..journals import write_journal
from ..models import MonthCloseRun
from ..selectors import billing as selectors
from ..services import billing as services
from ..services.billing_close import (
    close_early_start,
    month_close_start,
)
from ..services.billing_close import month_close_resume as month_close_resume_service
from ..services.billing_exports import invoices_csv, invoices_xlsx
from ..tasks.billing import render_credit_note_pdf, render_invoice_pdf
from ..yayoi import YayoiError
from .billing_chart import bar_chart

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, error: ValidationError) -> None:
    form.add_error(None, error.messages)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(FINANCE)
def dashboard(request):
    rows = selectors.monthly_margin()
    return render(
        request,
        "invoicing/billing/dashboard.html",
        {
            "summary": selectors.finance_summary(),
            "months": rows,
            "chart": bar_chart(rows),
            "runs": selectors.recent_close_runs(),
            "closed": selectors.closed_months(),
            "payouts": selectors.payouts_this_month(),
            "has_billing": any(row["billed"] or row["cost"] for row in rows),
        },
    )


@role_required(FINANCE)
def invoice_list(request):
    form = InvoiceFilterForm(request.GET or None)
    invoices = selectors.invoice_search(user=request.user, flt=form.to_filter())
    export = request.GET.get("export")
    if export == "csv":
        return _download(invoices_csv(invoices), "invoices.csv", "text/csv")
    if export == "xlsx":
        return _download(invoices_xlsx(invoices), "invoices.xlsx", XLSX)
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "invoicing/billing/invoice_list.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.totals(invoices),
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _render_detail(request, invoice, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    today = timezone.localdate()
    return render(
        request,
        "invoicing/billing/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.select_related("engagement"),
            "payments": invoice.payments.select_related("recorded_by"),
            "credit_notes": invoice.credit_notes.all(),
            "timeline": timeline_for(invoice),
            "payment_form": forms.get("payment")
            or PaymentForm(initial={"received_on": today, "discount": 0}),
            "credit_form": forms.get("credit")
            or CreditNoteForm(initial={"issue_date": today, "tax_rate": "0.10"}),
            "margin": invoice.subtotal - invoice.worker_cost,
        },
        status=status,
    )


@role_required(FINANCE)
def invoice_detail(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    return _render_detail(request, invoice)


@role_required(FINANCE)
@require_POST
@once_per_token
def invoice_issue(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    try:
        invoice = services.invoice_issue(invoice=invoice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invoice %(number)s was issued.") % {"number": invoice.number}
        )
    return redirect("invoicing:invoice_detail", pk=invoice.pk)


@role_required(FINANCE)
@require_POST
@once_per_token
def invoice_send(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    try:
        services.invoice_send(invoice=invoice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invoice was marked sent and the client told."))
    return redirect("invoicing:invoice_detail", pk=invoice.pk)


@role_required(FINANCE)
@require_POST
@once_per_token
def payment_create(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(
                invoice=invoice, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect("invoicing:invoice_detail", pk=invoice.pk)
    return _render_detail(request, invoice, {"payment": form}, status=400)


@role_required(FINANCE)
@require_POST
@once_per_token
def credit_note_create(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    form = CreditNoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        line = services.CreditLineInput(
            data["description"], data["amount"], data["tax_rate"]
        )
        try:
            note = services.credit_note_issue(
                invoice=invoice,
                by=request.user,
                lines=[line],
                reason=data["reason"],
                issue_date=data["issue_date"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Credit note %(number)s was issued.") % {"number": note.number},
            )
            return redirect("invoicing:invoice_detail", pk=invoice.pk)
    return _render_detail(request, invoice, {"credit": form}, status=400)


def _pdf_response(request, document, back: str, task):
    return document_pdf_response(
        request, document, filename=f"{document.number}.pdf", back=back, task=task
    )


def _back(user, invoice_id: int) -> str:
    if rules.is_finance(None, user):
        return reverse("invoicing:invoice_detail", args=[invoice_id])
    return reverse("invoicing:portal_invoices")


@role_required(FINANCE, CLIENT)
def invoice_pdf(request, pk):
    invoice = selectors.get_invoice_for_user(request.user, pk)
    back = _back(request.user, invoice.pk)
    return _pdf_response(request, invoice, back, render_invoice_pdf)


@role_required(FINANCE, CLIENT)
def credit_note_pdf(request, pk):
    note = selectors.get_credit_note_for_user(request.user, pk)
    back = _back(request.user, note.invoice_id)
    return _pdf_response(request, note, back, render_credit_note_pdf)


@role_required(FINANCE)
@once_per_token
def month_close(request):
    form = PeriodForm(request.POST or None, initial={"period": last_month()})
    if request.method == "POST" and form.is_valid():
        try:
            run = month_close_start(period=form.cleaned_data["period"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The month close has started."))
            return redirect("invoicing:month_close_run", pk=run.pk)
    return _month_close_page(request, form, EarlyCloseForm())


def _month_close_page(request, form, early_form):
    return render(
        request,
        "invoicing/billing/month_close.html",
        {
            "form": form,
            "early_form": early_form,
            "runs": selectors.recent_close_runs(10),
        },
        status=400 if form.errors or early_form.errors else 200,
    )


@role_required(FINANCE)
@require_POST
@once_per_token
def month_close_early(request):
    """臨時締め of one client, with the same progress page as the close."""
    form = EarlyCloseForm(request.POST)
    if form.is_valid():
        client = form.cleaned_data["client"]
        run = close_early_start(client=client, by=request.user)
        messages.success(
            request,
            _("Closing %(client)s early, up to today.") % {"client": client.legal_name},
        )
        return redirect("invoicing:month_close_run", pk=run.pk)
    return _month_close_page(
        request, PeriodForm(initial={"period": last_month()}), form
    )


@role_required(FINANCE)
def month_close_run(request, pk):
    run = get_object_or_404(MonthCloseRun, pk=pk)
    return render(request, "invoicing/billing/month_close_run.html", {"run": run})


@role_required(FINANCE)
def month_close_progress(request, pk):
    """Polled by the progress bar: where the close has got to."""
    run = get_object_or_404(MonthCloseRun, pk=pk)
    return JsonResponse(run.progress())


@role_required(FINANCE)
@require_POST
def month_close_resume(request, pk):
    """再開 of a stalled (or failed) close: it continues where it stopped."""
    run = get_object_or_404(MonthCloseRun, pk=pk)
    try:
        month_close_resume_service(run=run, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The month close continues where it stopped."))
    return redirect("invoicing:month_close_run", pk=run.pk)


@role_required(FINANCE)
def document_search(request):
    form = SearchForm(request.GET or None)
    searched = form.is_bound and form.is_valid()
    rows = (
        selectors.document_search(user=request.user, flt=form.to_filter())
        if searched
        else []
    )
    return render(
        request,
        "invoicing/billing/search.html",
        {"form": form, "rows": rows, "searched": searched},
    )


@role_required(FINANCE)
def journal_export(request):
    form = JournalExportForm(
        request.GET or None, initial={"period": last_month(), "fmt": "yayoi"}
    )
    if form.is_bound and form.is_valid():
        period, fmt = form.cleaned_data["period"], form.cleaned_data["fmt"]
        year, month = (int(x) for x in period.split("-"))
        last = month_end(year, month)
        # Written entry by entry into a file that spills to disk past 4 MB,
        # then streamed: a refused entry still comes back as a form error
        # (nothing was sent yet), and a large month is never held in memory.
        # FileResponse closes the file once sent.
        out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
        try:
            write_journal(out, datetime.date(year, month, 1), last, fmt=fmt)
        except YayoiError as error:
            out.close()
            form.add_error(None, str(error))
        else:
            out.seek(0)
            suffix = "" if fmt == "yayoi" else f"-{fmt}"
            return FileResponse(
                out,
                as_attachment=True,
                filename=f"journal-{period}{suffix}.csv",
                content_type="text/csv; charset=shift_jis",
            )
    return render(
        request,
        "invoicing/billing/journal_export.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@role_required(CLIENT)
def portal_invoices(request):
    """The contact's company's issued invoices and credit notes."""
    return render(
        request,
        "invoicing/billing/portal_invoices.html",
        {
            "company": client_for_contact(request.user),
            "invoices": selectors.invoice_list_for_user(user=request.user).order_by(
                "-issue_date", "-number"
            ),
            "credit_notes": selectors.credit_note_list_for_user(user=request.user),
        },
    )
