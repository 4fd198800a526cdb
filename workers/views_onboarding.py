"""Joining pages: the sign-up steps, agreements, identity check, the
compliance queue, suspension, CSV import and the worker's own data."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.downloads import document_pdf_response, upload_response
from enterprise.once import once_per_token
from enterprise.outbox import is_pending
from enterprise.permissions import role_required
from enterprise.roles import COMPLIANCE, DIRECTOR, WORKER

from . import onboarding
from .forms_onboarding import (
    IdentityUploadForm,
    OptionalReasonForm,
    ReasonForm,
    WorkerImportForm,
)
from .models import AgreementAcceptance, AgreementVersion, IdentityCheck
from .permissions import get_own_profile, get_profile_for_user
from .services import imports, personal, standing
from .services import onboarding as onboarding_services
from .tasks import render_agreement_acceptance

PAGE_SIZE = 50
REVIEW = "workers.review_identitycheck"


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def next_step_url(user) -> str:
    """Where a worker goes after saving a step: the next step, else home."""
    for step in onboarding.steps(user):
        if not step.done:
            return "workers:signup"
    return "workers:dashboard"


# --- The worker --------------------------------------------------------------


@role_required(WORKER)
def signup(request):
    steps = onboarding.steps(request.user)
    pending = next((s for s in steps if not s.done), None)
    return render(
        request,
        "workers/signup.html",
        {
            "steps": steps,
            "pending": pending,
            "blockers": onboarding.offer_blockers(request.user),
        },
    )


@role_required(WORKER)
def agreements(request):
    to_accept = onboarding.agreements_to_accept(request.user)
    accepted = AgreementAcceptance.objects.filter(user=request.user).select_related(
        "agreement"
    )
    return render(
        request,
        "workers/agreements.html",
        {"to_accept": to_accept, "accepted": accepted},
    )


@require_POST
@role_required(WORKER)
@once_per_token
def agreement_accept(request, pk):
    agreement = get_object_or_404(
        AgreementVersion, pk=pk, in_force_from__lte=timezone.now()
    )
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to accept the agreement."))
        return redirect("workers:agreements")
    onboarding_services.agreement_accept(
        user=request.user,
        agreement=agreement,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    messages.success(
        request,
        _("You have accepted “%(title)s”.") % {"title": agreement.title},
    )
    if onboarding.agreements_to_accept(request.user):
        return redirect("workers:agreements")
    return redirect(next_step_url(request.user))


def _acceptance_for(user, pk) -> AgreementAcceptance:
    """The worker's own acceptance; compliance and directors see any."""
    qs = AgreementAcceptance.objects.select_related("agreement")
    if not (user.has_role(COMPLIANCE) or user.has_perm("workers.view_workerprofile")):
        qs = qs.filter(user=user)
    acceptance = qs.filter(pk=pk).first()
    if acceptance is None:
        raise Http404
    return acceptance


@role_required(WORKER, COMPLIANCE, DIRECTOR)
def agreement_pdf(request, pk):
    acceptance = _acceptance_for(request.user, pk)
    if not acceptance.pdf_sha256 and not is_pending(
        render_agreement_acceptance.name, acceptance.pk
    ):
        # Accepted without its PDF (a demo row, a lost task): made now in
        # the background; the page says it is being prepared meanwhile.
        render_agreement_acceptance.delay_on_commit(acceptance.pk)
        acceptance.refresh_from_db()
    return document_pdf_response(
        request,
        acceptance,
        filename=f"agreement-{acceptance.kind}-v{acceptance.version}.pdf",
        back="workers:agreements",
        task=render_agreement_acceptance,
    )


@role_required(WORKER)
@once_per_token
def identity(request):
    checks = IdentityCheck.objects.filter(user=request.user)
    form = IdentityUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_services.identity_submit(
                user=request.user,
                document_kind=form.cleaned_data["document_kind"],
                upload=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your document has been sent for review."))
            return redirect(next_step_url(request.user))
    waiting = checks.filter(state=IdentityCheck.State.SUBMITTED).exists()
    return render(
        request,
        "workers/identity.html",
        {"form": form, "checks": checks, "waiting": waiting},
    )


def _identity_for(user, pk) -> IdentityCheck:
    """The worker's own check, or any for compliance; 404 for anyone else."""
    qs = IdentityCheck.objects.select_related("user", "decided_by")
    if not user.has_perm(REVIEW):
        qs = qs.filter(user=user)
    check = qs.filter(pk=pk).first()
    if check is None:
        raise Http404
    return check


@role_required(WORKER, COMPLIANCE)
def identity_file(request, pk):
    check = _identity_for(request.user, pk)
    if not check.document:
        raise Http404
    onboarding_services.identity_document_open(check=check, by=request.user)
    return upload_response(_IdentityUpload(check))


class _IdentityUpload:
    """What ``upload_response`` reads: the file and the name it came with."""

    def __init__(self, check: IdentityCheck):
        self.file = check.document
        self.original_name = check.original_name or "identity"


@role_required(WORKER)
def my_data(request):
    acceptances = AgreementAcceptance.objects.filter(user=request.user)
    if request.GET.get("format") == "json":
        data = personal.personal_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    return render(
        request,
        "workers/my_data.html",
        {
            "acceptances": acceptances,
            "profile": get_own_profile(request.user),
            "leave_form": ReasonForm(),
        },
    )


@require_POST
@role_required(WORKER)
def leave(request):
    """The worker closes their account: no more offers; personal data is
    anonymised after the operator's period (documents and payouts kept)."""
    profile = get_own_profile(request.user)
    form = ReasonForm(request.POST)
    if profile is None or not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("workers:my_data")
    try:
        standing.worker_leave(
            profile=profile, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workers:my_data")
    messages.success(request, _("You have left. Thank you for your work."))
    return redirect("workers:dashboard")


# --- Compliance --------------------------------------------------------------


@role_required(COMPLIANCE)
def identity_queue(request):
    if not request.user.has_perm(REVIEW):
        raise PermissionDenied
    state = request.GET.get("state") or IdentityCheck.State.SUBMITTED
    if state not in IdentityCheck.State.values:
        state = IdentityCheck.State.SUBMITTED
    checks = (
        IdentityCheck.objects.filter(state=state)
        .select_related("user__worker_profile")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workers/identity_queue.html",
        {"page": page, "state": state, "states": IdentityCheck.State.choices},
    )


@role_required(COMPLIANCE)
def identity_review(request, pk):
    check = _identity_for(request.user, pk)
    if not request.user.has_perm(REVIEW):
        raise Http404
    form = OptionalReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        reason = form.cleaned_data["reason"]
        try:
            if decision == "approve":
                onboarding_services.identity_approve(
                    check=check, by=request.user, reason=reason
                )
                messages.success(request, _("The identity check has been approved."))
            elif decision == "refuse":
                onboarding_services.identity_refuse(
                    check=check, by=request.user, reason=reason
                )
                messages.success(request, _("The identity check has been refused."))
            else:
                raise ValidationError(_("Choose approve or refuse."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("workers:identity_queue")
    return render(
        request,
        "workers/identity_review.html",
        {"check": check, "form": form, "timeline": timeline_for(check)},
    )


# --- Staff: suspension, import -------------------------------------------------


def _standing_change(request, pk, service, done_message):
    profile = get_profile_for_user(request.user, pk)
    if not request.user.has_perm(standing.SUSPEND):
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                profile=profile, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, done_message)
            return redirect("workers:detail", pk=profile.pk)
    return render(
        request, "workers/standing_form.html", {"form": form, "profile": profile}
    )


@role_required(COMPLIANCE)
def suspend(request, pk):
    return _standing_change(
        request, pk, standing.worker_suspend, _("The worker has been suspended.")
    )


@role_required(COMPLIANCE)
def reinstate(request, pk):
    return _standing_change(
        request, pk, standing.worker_reinstate, _("The suspension has been lifted.")
    )


@role_required(COMPLIANCE)
@once_per_token
def worker_import(request):
    if not request.user.has_perm("workers.import_workerprofile"):
        raise PermissionDenied
    form = WorkerImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.workers_import(
                content=form.cleaned_data["file"].read(), by=request.user
            )
        except ValidationError as exc:
            errors = exc.messages
            messages.error(request, _("Nothing was imported: fix the lines below."))
        else:
            messages.success(
                request,
                _("%(count)s workers imported; their invitations are being sent.")
                % {"count": len(created)},
            )
            return redirect("workers:import")
    return render(
        request,
        "workers/import.html",
        {"form": form, "errors": errors, "columns": imports.COLUMNS},
    )
