"""Sales screens (pipeline board, company list, detail, forms) and the client
portal. Every company page fetches through ``get_client_for_user`` first, so
a company the person may not see answers 404; only then is the action's
permission checked (403)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from enterprise.audit import timeline_for
from enterprise.downloads import document_pdf_response
from enterprise.exports import list_export
from enterprise.links import pk_url
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT, SALES

from . import selectors, services
from .documents import default_terms
from .exports import CLIENT_COLUMNS
from .forms import (
    AgreementForm,
    CheckForm,
    ClientForm,
    InviteForm,
    ReasonForm,
    SearchForm,
    WatchlistForm,
)
from .models import CheckResult, Client
from .sections import COMPANY, PORTAL, render_sections
from .sections import SALES as SALES_PAGE
from .timeline import labelled_timeline

PAGE_SIZE = 50


def _require(user, perm: str) -> None:
    """The model-wide permission (a contact's object permission is not enough)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def company_view(perm: str = "clients.view_client", *, post: bool = False):
    """A sales page of one company: 404 unless the person may see the company,
    then 405 for a wrong method, then 403 without ``perm`` (model-wide).
    The view gets the client instead of its pk."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, pk, **kwargs):
            client = selectors.get_client_for_user(request.user, pk)
            if post and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            _require(request.user, perm)
            return view(request, client, **kwargs)

        return wrapper

    return decorator


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's errors next to the form's fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# (transition, button label, success message, button style)
TRANSITION_BUTTONS = [
    ("start_screening", _("Start screening"), _("Screening started."), "primary"),
    ("activate", _("Activate"), _("The client is now active."), "primary"),
    (
        "decline",
        pgettext_lazy("client decision", "Decline"),
        _("The client was declined."),
        "danger",
    ),
    ("suspend", _("Suspend"), _("Business with the client is suspended."), "danger"),
    ("reactivate", _("Reactivate"), _("Business with the client resumed."), "primary"),
]


# Steps that stop business with a client: kept in the secondary menu and
# confirmed with a tick box, never a red button at the top of the page.
CONFIRM = {
    "decline": _("I confirm: decline this client."),
    "suspend": _("I confirm: stop business with this client."),
}


def _reason_form(name: str, data=None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix=name,
        reason_required=name in services.REASON_REQUIRED,
        confirm_label=CONFIRM.get(name),
    )


def _transitions(user, client: Client, forms: dict) -> list[dict]:
    """The transitions the person may start from this state, each with its
    reason form; ``ready`` is False while a condition (the checks) is unmet."""
    if not user.has_perm("clients.onboard_client"):
        return []
    buttons = []
    for name, label, _message, style in TRANSITION_BUTTONS:
        method = getattr(client, name)
        if not can_proceed(method, check_conditions=False):
            continue
        buttons.append(
            {
                "name": name,
                "label": label,
                "style": style,
                "destructive": name in CONFIRM,
                "ready": can_proceed(method),
                "form": forms.get(name) or _reason_form(name),
            }
        )
    return buttons


def _watchlist_form(client: Client, form: WatchlistForm | None) -> WatchlistForm:
    form = form or WatchlistForm(initial={"flag": not client.watchlisted})
    if client.watchlisted:  # taking a client off the list needs no tick box
        form.fields.pop("confirm", None)
    return form


def _render_detail(request, client: Client, forms: dict | None = None):
    forms = forms or {}
    user = request.user
    transitions = _transitions(user, client, forms)
    context = {
        "client": client,
        "transitions": [t for t in transitions if not t["destructive"]],
        "destructive": [t for t in transitions if t["destructive"]],
        # Open the menu again when one of its forms came back with errors.
        "menu_open": any(key in forms for key in [*CONFIRM, "watchlist"]),
        "sections": render_sections(COMPANY, request, client),
        "contacts": client.contacts.select_related("user"),
        "checks": client.screening_checks.select_related("checked_by"),
        "agreements": selectors.agreement_summaries(client),
        "agreement_summaries": True,
        "timeline": labelled_timeline(timeline_for(client)),
        "check_form": forms.get("check") or CheckForm(),
        "watchlist_form": _watchlist_form(client, forms.get("watchlist")),
        "invite_form": forms.get("invite") or InviteForm(),
        "deactivate_form": forms.get("deactivate"),
        "deactivate_contact_id": forms.get("deactivate_contact_id"),
        "may": {
            "change": user.has_perm("clients.change_client"),
            "onboard": user.has_perm("clients.onboard_client"),
            "watchlist": user.has_perm("clients.watchlist_client"),
            "invite": user.has_perm("clients.add_clientcontact"),
            "deactivate": user.has_perm("clients.change_clientcontact"),
            "agreement": user.has_perm("clients.add_masteragreement"),
        },
        "can_check": client.state not in (Client.State.LEAD, Client.State.DECLINED),
        "CheckResult": CheckResult,
    }
    return render(request, "clients/client_detail.html", context)


def _post_action(request, client, form, key, action, success, extra=None):
    """Validate ``form``, run ``action(**cleaned_data)``, then go back to the
    client with ``success``; on errors show the detail page with them."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(client)
    messages.error(request, _("Please correct the errors below."))
    return _render_detail(request, client, forms={key: form, **(extra or {})})


@role_required(SALES)
def sales_dashboard(request):
    """The pipeline board: one column per state, oldest first."""
    mine = request.GET.get("mine") == "1"
    board = selectors.pipeline_for_user(
        user=request.user, owner=request.user if mine else None
    )
    client_url = pk_url("clients:detail")
    for column in board["columns"]:
        for client in column["clients"]:
            client.detail_url = client_url(client.pk)
    return render(
        request,
        "clients/sales_dashboard.html",
        {
            "board": board,
            "mine": mine,
            "sections": render_sections(SALES_PAGE, request),
        },
    )


@role_required(CLIENT)
def portal_dashboard(request):
    """A contact's home: their company and what later apps add below it."""
    client = selectors.client_for_contact(request.user)
    sections = render_sections(PORTAL, request, client) if client else []
    return render(
        request,
        "clients/portal_dashboard.html",
        {"client": client, "sections": sections},
    )


@login_required
def portal_company(request, pk):
    """The company as its contacts see it: details, terms, agreements."""
    client = selectors.get_client_for_user(request.user, pk)
    contact = client.contacts.filter(user=request.user).first()
    agreements = list(selectors.agreement_list(client).exclude(pdf_sha256=""))
    for agreement in agreements:
        agreement.accepted_by_me = contact is not None and any(
            a.contact_id == contact.pk for a in agreement.acceptances.all()
        )
    context = {
        "client": client,
        "contacts": client.contacts.filter(user__is_active=True),
        "agreements": agreements,
        "accepting_contact": contact,
    }
    return render(request, "clients/portal_company.html", context)


@require_POST
@role_required(CLIENT)
@once_per_token
def portal_agreement_accept(request, pk, agreement_pk):
    """A contact accepts a master agreement by click (recorded with the
    terms' SHA-256, time, IP address and browser)."""
    agreement = selectors.get_agreement_for_user(request.user, pk, agreement_pk)
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to accept the agreement."))
        return redirect("clients:portal_company", pk=pk)
    try:
        services.master_agreement_accept(
            agreement=agreement,
            by=request.user,
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You have accepted master agreement v%(version)s.")
            % {"version": agreement.version},
        )
    return redirect("clients:portal_company", pk=pk)


@login_required
def client_list(request):
    _require(request.user, "clients.view_client")
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "kana")
    clients = selectors.client_search(
        user=request.user,
        query=data.get("q", ""),
        state=data.get("state", ""),
        sort=sort,
    )
    if export := list_export(request, "clients", CLIENT_COLUMNS, clients):
        return export
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "clients/client_list.html",
        {"form": form, "page": page, "sort": sort, "query": query.urlencode()},
    )


@login_required
def client_create(request):
    _require(request.user, "clients.add_client")
    form = ClientForm(request.POST or None, initial={"sales_owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(by=request.user, **form.service_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The client was registered as a lead."))
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form})


@company_view()
def client_detail(request, client):
    return _render_detail(request, client)


@company_view("clients.change_client")
def client_edit(request, client):
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                client=client, by=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The client was saved."))
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@company_view("clients.onboard_client", post=True)
def client_transition(request, client, name):
    service = services.TRANSITIONS.get(name)
    if service is None:
        raise Http404
    success = next(m for n, _l, m, _s in TRANSITION_BUTTONS if n == name)
    form = _reason_form(name, request.POST)

    def action(reason, confirm=None):
        service(client=client, by=request.user, reason=reason)

    return _post_action(request, client, form, name, action, success)


@company_view("clients.onboard_client", post=True)
def client_record_check(request, client):

    def action(kind, result, note):
        services.client_record_check(
            client=client, kind=kind, result=result, note=note, by=request.user
        )

    return _post_action(
        request,
        client,
        CheckForm(request.POST),
        "check",
        action,
        _("The check was recorded."),
    )


@company_view("clients.watchlist_client", post=True)
def client_watchlist(request, client):
    form = WatchlistForm(request.POST)
    flag = request.POST.get("flag") in ("True", "true", "1", "on")
    success = (
        _("The client is on the watchlist.")
        if flag
        else _("The client was taken off the watchlist.")
    )

    def action(flag, reason, confirm=None):
        services.client_watchlist(
            client=client, flag=flag, reason=reason, by=request.user
        )

    return _post_action(request, client, form, "watchlist", action, success)


@company_view("clients.add_clientcontact", post=True)
def contact_invite(request, client):

    def action(name, email, department):
        services.contact_invite(
            client=client,
            name=name,
            email=email,
            department=department,
            by=request.user,
        )

    return _post_action(
        request,
        client,
        InviteForm(request.POST),
        "invite",
        action,
        _("The invitation was sent."),
    )


@company_view("clients.change_clientcontact", post=True)
def contact_deactivate(request, client, contact_pk):
    contact = get_object_or_404(client.contacts.all(), pk=contact_pk)
    form = ReasonForm(request.POST, prefix="deactivate", reason_required=True)

    def action(reason):
        services.contact_deactivate(contact=contact, reason=reason, by=request.user)

    return _post_action(
        request,
        client,
        form,
        "deactivate",
        action,
        _("The contact's login was closed."),
        extra={"deactivate_contact_id": contact.pk},
    )


@company_view("clients.add_masteragreement")
def agreement_create(request, client):
    form = AgreementForm(request.POST or None, initial={"terms": default_terms()})
    if request.method == "POST" and form.is_valid():
        try:
            services.master_agreement_create(
                client=client, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("The agreement was saved; its PDF is being prepared.")
            )
            return redirect(client)
    return render(
        request, "clients/agreement_form.html", {"form": form, "client": client}
    )


@login_required
def agreement_pdf(request, pk, agreement_pk):
    """The agreement's stored PDF, for anyone who may see the company."""
    agreement = selectors.get_agreement_for_user(request.user, pk, agreement_pk)
    return document_pdf_response(
        request, agreement, filename=f"master-agreement-v{agreement.version}.pdf"
    )
