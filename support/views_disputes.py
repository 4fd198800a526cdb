"""The mediation part of a ticket page: open a dispute, record claims and
evidence, decide the outcome (applied by the owning service)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import SUPPORT

from . import forms, selectors
from .models import Dispute
from .services import disputes


def dispute_context(ticket, dispute) -> dict:
    """What the ticket page shows the desk about mediation."""
    if dispute is None:
        initial = {"client": ticket.company_id}
        if not ticket.company_id:
            initial["worker"] = ticket.requester_id
        return {"dispute_open_form": forms.DisputeOpenForm(initial=initial)}
    dispute = (
        Dispute.objects.select_related(
            "client",
            "worker",
            "outcome__credit_note",
            "outcome__payout_line",
            "outcome__subtask",
        )
        .prefetch_related("claims__recorded_by", "evidence")
        .get(pk=dispute.pk)
    )
    context = {"dispute": dispute, "outcome": getattr(dispute, "outcome", None)}
    if context["outcome"] is None:
        context |= {
            "claim_form": forms.ClaimForm(),
            "evidence_form": forms.EvidenceForm(),
            "outcome_form": forms.OutcomeForm(dispute=dispute),
        }
    return context


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _dispute_of(request, pk: int) -> Dispute:
    ticket = selectors.get_ticket_for_user(request.user, pk)
    dispute = getattr(ticket, "dispute", None)
    if dispute is None:
        raise Http404
    return dispute


@require_POST
@role_required(SUPPORT)
@once_per_token
def dispute_open(request, pk: int):
    ticket = selectors.get_ticket_for_user(request.user, pk)
    form = forms.DisputeOpenForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("support:ticket", pk)
    try:
        disputes.dispute_open(ticket=ticket, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The ticket is now a dispute."))
    return redirect("support:ticket", pk)


def _record(request, pk: int, form_class, service, done: str):
    dispute = _dispute_of(request, pk)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("support:ticket", pk)
    try:
        service(dispute=dispute, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("support:ticket", pk)


@require_POST
@role_required(SUPPORT)
@once_per_token
def dispute_claim(request, pk: int):
    return _record(
        request,
        pk,
        forms.ClaimForm,
        disputes.dispute_add_claim,
        _("The claim was recorded."),
    )


@require_POST
@role_required(SUPPORT)
@once_per_token
def dispute_evidence(request, pk: int):
    return _record(
        request,
        pk,
        forms.EvidenceForm,
        disputes.dispute_add_evidence,
        _("The evidence was recorded."),
    )


@require_POST
@role_required(SUPPORT)
@once_per_token
def dispute_decide(request, pk: int):
    """Apply the outcome; a credit note or a payout release is issued by
    billing or payouts under their own rights (finance)."""
    dispute = _dispute_of(request, pk)
    form = forms.OutcomeForm(request.POST, dispute=dispute)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("support:ticket", pk)
    try:
        disputes.dispute_decide(dispute=dispute, by=request.user, **form.cleaned_data)
    except PermissionDenied:
        messages.error(
            request,
            _(
                "This outcome is issued by finance (a credit note or a payout "
                "release) or by the subtask's director: ask them to apply it."
            ),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The outcome was applied."))
    return redirect("support:ticket", pk)
