"""Finance screens for money in and what is owed: bank statement upload
with its progress, the queue of credits nobody matched, matching by hand,
the aging report (売掛金年齢表) and the receipt settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.downloads import document_pdf_response
from enterprise.exports import list_export
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import FINANCE

from ..forms.receipts import (
    AgingForm,
    CreditMatchForm,
    DunningStepForm,
    ReceivablesSettingsForm,
    StatementUploadForm,
)
from ..models import DunningLetter, DunningStep, Invoice, ReceivablesSettings
from ..selectors import receivables as selectors
from ..services import bank_statements as services
from ..services.receivables import (
    BUCKET_LABELS,
    BUCKETS,
    aging_report,
    dunning_step_add,
    dunning_step_remove,
)
from ..tasks.receipts import render_dunning_pdf

PAGE_SIZE = 50


def _page(request, queryset, param="page"):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _bank_page(request, form, status=200):
    return render(
        request,
        "invoicing/receivables/bank.html",
        {
            "form": form,
            "statements": _page(request, selectors.statement_list_for_user(
                user=request.user
            )),
            "unmatched_count": selectors.unmatched_credits(user=request.user).count(),
            "settings_form": ReceivablesSettingsForm(
                instance=ReceivablesSettings.current()
            ),
        },
        status=status,
    )  # fmt: skip


@role_required(FINANCE)
@once_per_token
def bank(request):
    """Upload a statement; its import runs in the background."""
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        statement = services.statement_upload(
            data=upload.read(),
            filename=upload.name,
            by=request.user,
            layout=form.cleaned_data["layout"],
        )
        messages.success(request, _("The statement is being imported."))
        return redirect("invoicing:bank_statement", pk=statement.pk)
    return _bank_page(request, form, status=400 if form.errors else 200)


@role_required(FINANCE)
def bank_statement(request, pk):
    statement = selectors.get_statement_for_user(request.user, pk)
    credits = statement.credits.select_related("client").order_by("booked_on", "id")
    return render(
        request,
        "invoicing/receivables/statement.html",
        {"run": statement, "page": _page(request, credits)},
    )


@role_required(FINANCE)
def bank_statement_progress(request, pk):
    statement = selectors.get_statement_for_user(request.user, pk)
    return JsonResponse(statement.progress())


@role_required(FINANCE)
@require_POST
def bank_statement_resume(request, pk):
    statement = selectors.get_statement_for_user(request.user, pk)
    try:
        services.statement_resume(statement=statement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import continues where it stopped."))
    return redirect("invoicing:bank_statement", pk=statement.pk)


@role_required(FINANCE)
def unmatched(request):
    """The credits waiting for finance, oldest first."""
    credits = selectors.unmatched_credits(user=request.user).order_by("booked_on", "id")
    overpaid = selectors.overpaid_credits(user=request.user).order_by("booked_on", "id")
    return render(
        request,
        "invoicing/receivables/unmatched.html",
        {"page": _page(request, credits), "overpaid": _page(request, overpaid, "over")},
    )


@role_required(FINANCE)
@once_per_token
def credit_match(request, pk):
    credit = selectors.get_credit_for_user(request.user, pk)
    form = CreditMatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invoice = None
        if data["invoice_number"]:
            invoice = Invoice.objects.filter(
                number=data["invoice_number"], client=data["client"]
            ).first()
            if invoice is None:
                form.add_error(
                    "invoice_number", _("The client has no invoice with this number.")
                )
        if not form.errors:
            try:
                services.credit_match_by_hand(
                    credit=credit,
                    client=data["client"],
                    invoice=invoice,
                    remember=data["remember"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The credit was matched."))
                return redirect("invoicing:bank_unmatched")
    return render(
        request,
        "invoicing/receivables/credit_match.html",
        {"credit": credit, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(FINANCE)
@require_POST
def receivables_settings(request):
    form = ReceivablesSettingsForm(request.POST, instance=ReceivablesSettings.current())
    if form.is_valid():
        services.settings_update(
            tolerance=form.cleaned_data["fee_tolerance"], by=request.user
        )
        messages.success(request, _("The settings were saved."))
    else:
        messages.error(request, " ".join(form.errors.get("fee_tolerance", [])))
    return redirect("invoicing:bank")


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _aging_columns():
    columns = [
        (_("Client"), lambda row: row["client__legal_name"]),
    ]
    for key, _low, _high in BUCKETS:
        columns.append((BUCKET_LABELS[key], lambda row, key=key: row[key]))
    columns.append((_("Total owed"), lambda row: row["total_owed"]))
    return columns


@role_required(FINANCE)
def aging(request):
    """売掛金年齢表 as of a date, on screen or as CSV/Excel."""
    form = AgingForm(request.GET or None)
    report = aging_report(as_of=form.as_of_date())
    name = f"aging-{report['as_of']:%Y%m%d}"
    export = list_export(request, name, _aging_columns(), report["rows"])
    if export is not None:
        return export
    return render(
        request,
        "invoicing/receivables/aging.html",
        {
            "form": form,
            "report": report,
            "page": Paginator(report["rows"], PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "buckets": [(key, BUCKET_LABELS[key]) for key, _l, _h in BUCKETS],
            "query": _without_page(request),
        },
    )


@role_required(FINANCE)
def dunning_letter_pdf(request, pk):
    try:
        letter = selectors.dunning_letters_for_user(user=request.user).get(pk=pk)
    except (DunningLetter.DoesNotExist, ValueError):
        raise Http404 from None
    return document_pdf_response(
        request,
        letter,
        filename=f"{letter.number}.pdf",
        back=reverse("invoicing:invoice_detail", args=[letter.invoice_id]),
        task=render_dunning_pdf,
    )


@role_required(FINANCE)
@once_per_token
def dunning_steps(request):
    """督促: the days after the due date at which a reminder goes out."""
    form = DunningStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dunning_step_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The step was added."))
            return redirect("invoicing:dunning_steps")
    return render(
        request,
        "invoicing/receivables/dunning_steps.html",
        {"form": form, "steps": DunningStep.objects.all()},
        status=400 if form.errors else 200,
    )


@role_required(FINANCE)
@require_POST
def dunning_step_delete(request, pk):
    step = get_object_or_404(DunningStep, pk=pk)
    try:
        dunning_step_remove(step=step, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step was removed."))
    return redirect("invoicing:dunning_steps")
