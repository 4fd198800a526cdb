"""Worker portal, director search and worker pages, finance's bank list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.exports import list_export
from enterprise.links import pk_url
from enterprise.models import Skill
from enterprise.permissions import role_required
from enterprise.roles import COMPLIANCE, DIRECTOR, FINANCE, WORKER
from enterprise.sections import render_sections

from . import onboarding, selectors, services
from .exports import WORKER_COLUMNS
from .forms import (
    BankAccountForm,
    IncidentForm,
    IncidentResolveForm,
    ProfileForm,
    RecommendForm,
    SkillForm,
    SkillTestForm,
    WorkerSearchForm,
)
from .models import BankAccount, Certification, SkillTest, SkillTestAttempt
from .permissions import (
    get_attempt_for_user,
    get_bank_account_for_user,
    get_incident_for_user,
    get_own_profile,
    get_profile_for_user,
    get_skill_test_for_user,
)
from .services.profiles import registration_number_problem
from .views_onboarding import next_step_url

PAGE_SIZE = 50

# Page name under which higher apps add sections (offers, subtasks, pay dates).
DASHBOARD = "workers.dashboard"
# The worker's page for staff: higher apps add the work in hand.
DETAIL = "workers.detail"


def _own_profile_or_redirect(request):
    profile = get_own_profile(request.user)
    if profile is None:
        messages.info(request, _("Please register your worker profile first."))
    return profile


# --- Worker portal -----------------------------------------------------------


@role_required(WORKER)
def dashboard(request):
    profile = onboarding.signup_profile(request.user)
    # Offers, subtasks and pay dates belong to the apps above (their sections).
    context = {
        "profile": profile,
        "sections": render_sections(DASHBOARD, request),
        "signup_missing": onboarding.offer_blockers(request.user, profile),
    }
    if profile is not None:
        context.update(
            skills=profile.skills.select_related("skill"),
            certifications=Certification.objects.filter(
                worker=request.user, status__in=selectors.HELD
            ).select_related("level", "category"),
            has_bank_account=profile.has_bank_account,
        )
    return render(request, "workers/dashboard.html", context)


@role_required(WORKER)
def profile_edit(request):
    profile = get_own_profile(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            profile = services.profile_save(
                user=request.user, by=request.user, **fields
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile has been saved."))
            problem = registration_number_problem(
                kind=profile.kind, number=profile.registration_number
            )
            if problem:
                messages.warning(request, problem)
            return redirect(next_step_url(request.user))
    return render(request, "workers/profile_form.html", {"form": form})


@role_required(WORKER)
def bank_edit(request):
    profile = _own_profile_or_redirect(request)
    if profile is None:
        return redirect("workers:profile_edit")
    account = BankAccount.objects.filter(profile=profile).first()
    initial = {}
    if account is not None:
        initial = {
            "bank_code": account.bank_code,
            "branch_code": account.branch_code,
            "account_type": account.account_type,
            "account_number": account.account_number,
            "holder_name": account.holder_name,
        }
    form = BankAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.bank_account_save(
            profile=profile, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Your bank account has been saved."))
        return redirect(next_step_url(request.user))
    return render(request, "workers/bank_form.html", {"form": form, "account": account})


@role_required(WORKER)
def skills(request):
    profile = _own_profile_or_redirect(request)
    if profile is None:
        return redirect("workers:profile_edit")
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.worker_skill_set(profile=profile, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your skills have been updated."))
        return redirect("workers:skills")
    tests = {t.skill_id: t for t in SkillTest.objects.filter(active=True)}
    return render(
        request,
        "workers/skills.html",
        {
            "form": form,
            "rows": [
                (ws, tests.get(ws.skill_id))
                for ws in profile.skills.select_related("skill__category")
            ],
        },
    )


@require_POST
@role_required(WORKER)
def skill_remove(request, skill_id):
    profile = get_own_profile(request.user)
    if profile is None:
        raise Http404
    skill = get_object_or_404(Skill, pk=skill_id)
    services.worker_skill_remove(profile=profile, skill=skill, by=request.user)
    messages.success(request, _("The skill has been removed."))
    return redirect("workers:skills")


@role_required(WORKER)
def test_list(request):
    profile = _own_profile_or_redirect(request)
    if profile is None:
        return redirect("workers:profile_edit")
    attempts = SkillTestAttempt.objects.filter(profile=profile).select_related(
        "test__skill"
    )
    latest = {}
    for attempt in attempts:  # newest first: the first seen is the latest
        latest.setdefault(attempt.test_id, attempt)
    tests = SkillTest.objects.filter(active=True).select_related("skill__category")
    return render(
        request,
        "workers/test_list.html",
        {
            "rows": [(test, latest.get(test.pk)) for test in tests],
            "attempts": attempts,
        },
    )


@role_required(WORKER)
def test_take(request, pk):
    profile = _own_profile_or_redirect(request)
    if profile is None:
        return redirect("workers:profile_edit")
    test = get_skill_test_for_user(request.user, pk)
    questions = list(test.questions.all())
    form = SkillTestForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.skill_test_attempt_submit(
                profile=profile, test=test, answers=form.answers(), by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("workers:tests")
        return redirect("workers:attempt", pk=attempt.pk)
    retake_at = services.skill_test_retake_at(profile=profile, test=test)
    return render(
        request,
        "workers/test_take.html",
        {"test": test, "form": form, "retake_at": retake_at},
    )


@role_required(WORKER, DIRECTOR)
def attempt_detail(request, pk):
    attempt = get_attempt_for_user(request.user, pk)
    return render(request, "workers/attempt_detail.html", {"attempt": attempt})


@role_required(WORKER)
def certification(request):
    progress = selectors.certification_progress(worker=request.user)
    return render(request, "workers/certification.html", {"progress": progress})


# --- Directors ---------------------------------------------------------------


@role_required(DIRECTOR)
def search(request):
    form = WorkerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.worker_search(
        user=request.user, **{k: v for k, v in filters.items() if v not in ("", None)}
    )
    if export := list_export(request, "workers", WORKER_COLUMNS, profiles):
        return export
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    detail_url = pk_url("workers:detail")  # one reverse, not one a row
    for profile in page:
        profile.detail_url = detail_url(profile.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workers/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(DIRECTOR)
def recommend(request):
    form = RecommendForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.recommend_workers(**form.cleaned_data)
    return render(request, "workers/recommend.html", {"form": form, "results": results})


# The list a worker's page is reached from, by the first role held: the
# breadcrumb's middle link (only directors may open the search).
WORKER_LISTS = (
    (DIRECTOR, "workers:search", gettext_lazy("Find workers")),
    (COMPLIANCE, "workers:identity_queue", gettext_lazy("Identity checks")),
    (FINANCE, "workers:bank_accounts", gettext_lazy("Worker bank accounts")),
)


def _worker_list_for(user) -> tuple:
    held = user.role_names()
    return next(
        ((name, label) for role, name, label in WORKER_LISTS if role in held),
        ("", ""),
    )


@role_required(DIRECTOR, WORKER, FINANCE, COMPLIANCE)
def detail(request, pk):
    profile = get_profile_for_user(request.user, pk)
    context = {"profile": profile, **selectors.worker_detail(profile)}
    context["worker_list"] = _worker_list_for(request.user)
    context["can_record_incident"] = (
        request.user.has_perm("workers.add_incident")
        and profile.user_id != request.user.pk
    )
    context["can_see_bank"] = request.user.has_perm("workers.view_bankaccount") or (
        profile.user_id == request.user.pk
    )
    context["can_suspend"] = (
        request.user.has_perm("workers.suspend_workerprofile")
        and profile.user_id != request.user.pk
    )
    context["sections"] = render_sections(DETAIL, request, profile)
    return render(request, "workers/worker_detail.html", context)


@role_required(DIRECTOR)
def incident_new(request, pk):
    profile = get_profile_for_user(request.user, pk)
    if not request.user.has_perm("workers.add_incident"):
        raise Http404
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_record(
                worker=profile.user, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The incident has been recorded."))
            return redirect("workers:detail", pk=profile.pk)
    return render(
        request, "workers/incident_form.html", {"form": form, "profile": profile}
    )


@role_required(DIRECTOR)
def incident_resolve(request, pk):
    incident = get_incident_for_user(request.user, pk)
    profile = get_profile_for_user(request.user, incident.worker.worker_profile.pk)
    form = IncidentResolveForm(
        request.POST or None, initial={"resolution": incident.resolution}
    )
    if request.method == "POST" and form.is_valid():
        services.incident_resolve(
            incident=incident,
            resolution=form.cleaned_data["resolution"],
            by=request.user,
        )
        messages.success(request, _("The resolution has been saved."))
        return redirect("workers:detail", pk=profile.pk)
    return render(
        request,
        "workers/incident_resolve.html",
        {
            "form": form,
            "incident": incident,
            "profile": profile,
            "timeline": timeline_for(incident),
        },
    )


# --- Bank data: the owner and finance ----------------------------------------


@role_required(WORKER, FINANCE)
def bank_detail(request, pk):
    account = get_bank_account_for_user(request.user, pk)
    return render(request, "workers/bank_detail.html", {"account": account})


@role_required(FINANCE)
def bank_account_list(request):
    accounts = selectors.bank_account_list_for_user(request.user)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workers/bank_account_list.html", {"page": page})
