"""Sales screens: engagement list, intake, detail, quote editor and actions.

Every page of one engagement fetches it through get_engagement_for_user
first (404 for what the person may not see), then answers 405 for a wrong
method; the services check the right to act (PermissionDenied: 403) and the
rules (EngagementError, TransitionRefused: shown as messages).
"""

import datetime
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from clients.selectors import client_list_for_user
from clients.services import ClientCannotOrder
from enterprise.audit import timeline_for
from enterprise.entry import posted_ids
from enterprise.exports import list_export
from enterprise.links import pk_url
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import SALES

from .. import rules, selectors
from ..exports import ENGAGEMENT_COLUMNS
from ..forms import (
    CatalogueAddForm,
    DirectorForm,
    EngagementFilterForm,
    EngagementForm,
    NoteForm,
    QuoteForm,
    QuoteLineFormSet,
    ReasonForm,
)
from ..models import CatalogueItem, Engagement, Quote
from ..models.engagement import OPEN_STATES
from ..services import decomposition, delivery, intake, quotes
from ..tasks import render_quote_pdf
from ..timeline import labelled_timeline
from .common import add_errors, flash_errors, run_form, stored_pdf

PAGE_SIZE = 50
QUOTE_VALIDITY_DAYS = 30
LINE_PREFIX = "lines"
# A sent quote this close to its validity end is flagged on the dashboard.
EXPIRING_DAYS = 7
SORTS = {
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    "deadline": ["deadline", "id"],
    "title": ["title", "id"],
    "client": ["client__legal_name_kana", "-created_at", "-id"],
    "state": ["state", "-created_at", "-id"],
}
E = Engagement.State


def engagement_view(*, post: bool = False):
    """A sales page of one engagement: 403 without the sales role, 404 for
    an engagement the person may not see, 405 for a wrong method. The view
    gets the engagement instead of its pk."""

    def decorator(view):
        @wraps(view)
        @role_required(SALES)
        def wrapper(request, pk, **kwargs):
            engagement = selectors.get_engagement_for_user(request.user, pk)
            if post and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, engagement, **kwargs)

        return wrapper

    return decorator


def _search(engagements, data: dict):
    query = (data.get("q") or "").strip()
    if query:
        engagements = engagements.filter(
            Q(title__icontains=query)
            | Q(client__legal_name__icontains=query)
            | Q(client__legal_name_kana__icontains=query)
        )
    if data.get("state"):
        engagements = engagements.filter(state=data["state"])
    if data.get("client"):
        engagements = engagements.filter(client=data["client"])
    return engagements


@role_required(SALES)
def engagement_list(request):
    """Every engagement sales may see, filtered and sorted, with progress."""
    clients = client_list_for_user(user=request.user).order_by("legal_name_kana")
    form = EngagementFilterForm(request.GET or None, clients=clients)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "-created")
    engagements = selectors.with_progress(
        _search(selectors.engagement_list_for_user(user=request.user), data)
    ).select_related("sales_owner")
    engagements = engagements.order_by(*SORTS.get(sort, SORTS["-created"]))
    if export := list_export(request, "engagements", ENGAGEMENT_COLUMNS, engagements):
        return export
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "engagements/sales/engagement_list.html",
        {"form": form, "page": page, "sort": sort, "query": query.urlencode()},
    )


@role_required(SALES)
def engagement_create(request):
    """The intake: record the order form as a draft engagement."""
    clients = client_list_for_user(user=request.user)
    form = EngagementForm(
        request.POST or None,
        clients=clients,
        initial={"client": request.GET.get("client")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement = intake.engagement_create(by=request.user, **form.cleaned_data)
        except ClientCannotOrder as exc:
            form.add_error("client", exc.messages)
        else:
            messages.success(request, _("The engagement was recorded as a draft."))
            return redirect("engagements:detail", engagement.pk)
    if form.errors:
        messages.error(request, _("Please correct the errors below."))
    return render(request, "engagements/sales/engagement_form.html", {"form": form})


def _may(user, engagement: Engagement) -> dict:
    return {
        "submit": has_transition_perm(engagement.submit_for_quote, user),
        "screen": has_transition_perm(engagement.clear_screening, user),
        "quote": engagement.state in (E.QUOTING, E.QUOTED),
        "cancel": has_transition_perm(engagement.cancel, user),
        "assign_director": engagement.state in OPEN_STATES
        and rules.is_sales_or_staff(engagement, user),
    }


def _render_detail(request, engagement: Engagement, forms: dict | None = None):
    forms = forms or {}
    quote_list = engagement.quotes.select_related(
        "created_by", "decided_by"
    ).prefetch_related("lines")
    context = {
        "engagement": engagement,
        "may": _may(request.user, engagement),
        "summary": selectors.budget_summary(engagement),
        "quotes": quote_list,
        "deliveries": engagement.deliveries.all(),
        "timeline": labelled_timeline(timeline_for(engagement)),
        "director_form": forms.get("director")
        or DirectorForm(initial={"director": engagement.director_id}),
        "screening_form": forms.get("screening") or NoteForm(prefix="screening"),
        "cancel_form": forms.get("cancel") or ReasonForm(prefix="cancel"),
        "today": timezone.localdate(),
    }
    return render(request, "engagements/sales/engagement_detail.html", context)


@engagement_view()
def engagement_detail(request, engagement):
    return _render_detail(request, engagement)


def _post_action(request, engagement, form, key, action, success):
    """Validate ``form``, run ``action(**cleaned_data)`` and go back to the
    engagement with ``success``; on errors show the detail page with them."""
    if run_form(request, form, action, success):
        return redirect("engagements:detail", engagement.pk)
    return _render_detail(request, engagement, forms={key: form})


@engagement_view(post=True)
def engagement_submit(request, engagement):
    """Send a draft to quoting; the intake screening may hold it instead."""
    try:
        engagement = intake.engagement_submit_for_quote(
            engagement=engagement, by=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if engagement.state == E.SCREENING:
            messages.warning(
                request,
                _(
                    "The order matched the screening list: compliance must clear "
                    "it before a quote is written."
                ),
            )
        else:
            messages.success(request, _("The engagement is ready for its quote."))
    return redirect("engagements:detail", engagement.pk)


@engagement_view(post=True)
def engagement_screening(request, engagement, decision):
    """Compliance clears (on to quoting) or refuses (cancelled) with a note."""
    service, success = {
        "clear": (
            intake.engagement_clear_screening,
            _("Screening cleared: the engagement goes on to quoting."),
        ),
        "refuse": (
            intake.engagement_refuse_screening,
            _("Screening refused: the engagement is cancelled."),
        ),
    }[decision]
    form = NoteForm(request.POST, prefix="screening")

    def action(note):
        service(engagement=engagement, by=request.user, note=note)

    return _post_action(request, engagement, form, "screening", action, success)


@engagement_view(post=True)
def engagement_director(request, engagement):
    form = DirectorForm(request.POST)

    def action(director):
        decomposition.engagement_assign_director(
            engagement=engagement, director=director, by=request.user
        )

    success = _("The director was assigned.")
    if run_form(request, form, action, success):
        return redirect("engagements:detail", engagement.pk)
    if engagement.state not in OPEN_STATES:
        # A closed engagement's page has no director form to show the refusal.
        flash_errors(request, ValidationError(form.non_field_errors()))
    return _render_detail(request, engagement, forms={"director": form})


@engagement_view(post=True)
def engagement_cancel(request, engagement):
    form = ReasonForm(request.POST, prefix="cancel")

    def action(reason):
        delivery.engagement_cancel(
            engagement=engagement, by=request.user, reason=reason
        )

    success = _("The engagement was cancelled.")
    return _post_action(request, engagement, form, "cancel", action, success)


# The quote editor ----------------------------------------------------------


def _line_initial(quote: Quote | None) -> list[dict]:
    if quote is None:
        return [{}]
    return [
        {
            "description": line.description,
            "quantity": _plain(line.quantity),
            "unit": line.unit,
            "unit_price": line.unit_price,
            # As the rate choices spell it ("0.10"), so the select shows it.
            "tax_rate": line.tax_rate.quantize(Decimal("0.01")),
            "catalogue_item": line.catalogue_item_id,
            "billed_hourly": line.billed_hourly,
            "billing": line.billing,
        }
        for line in quote.lines.all()
    ] or [{}]


def _plain(quantity: Decimal) -> Decimal:
    """10.00 -> 10, 2.50 -> 2.5 (as a person typed it)."""
    if quantity == quantity.to_integral_value():
        return quantity.quantize(Decimal(1))
    return quantity.normalize()


def _posted_lines(request) -> list[dict]:
    """The lines as typed (kept, not validated) so a re-rendered editor shows
    them again, without those marked for removal."""
    post = request.POST
    fields = ("description", "quantity", "unit", "unit_price", "tax_rate")
    rows = []
    total = post.get(f"{LINE_PREFIX}-TOTAL_FORMS", "")
    for i in range(min(int(total) if total.isdigit() else 0, 100)):
        key = f"{LINE_PREFIX}-{i}-"
        if post.get(key + "DELETE"):
            continue
        row = {field: post.get(key + field, "") for field in fields}
        row["catalogue_item"] = post.get(key + "catalogue_item") or None
        row["billed_hourly"] = bool(post.get(key + "billed_hourly"))
        rows.append(row)
    return rows


def _catalogue_line(item: CatalogueItem) -> dict:
    return {
        "description": item.name,
        "quantity": 1,
        "unit": item.unit,
        "unit_price": item.unit_price,
        "catalogue_item": item.pk,
    }


def _catalogue(engagement):
    """Active standard packages, the engagement's category first."""
    return (
        CatalogueItem.objects.filter(active=True)
        .select_related("category")
        .annotate(
            other=Case(
                When(category=engagement.category_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other", "category__sort_order", "name")
    )


def _render_editor(request, engagement, quote_form, formset, catalogue_form):
    draft = engagement.quotes.filter(state=Quote.State.DRAFT).first()
    picked = {str(form["catalogue_item"].value() or "") for form in formset}
    ids = posted_ids(picked)
    standard = {str(i.pk): i for i in CatalogueItem.objects.filter(pk__in=ids)}
    for form in formset:
        form.standard = standard.get(str(form["catalogue_item"].value() or ""))
    context = {
        "engagement": engagement,
        "draft": draft,
        "summary": selectors.budget_summary(engagement, quote=draft) if draft else None,
        "quote_form": quote_form,
        "formset": formset,
        "catalogue_form": catalogue_form,
        "reference": selectors.reference_prices(category=engagement.category),
        "sent": engagement.quotes.filter(state=Quote.State.SENT).first(),
    }
    return render(request, "engagements/sales/quote_editor.html", context)


def _editor_forms(engagement, request=None, lines=None, catalogue_data=None):
    draft = engagement.quotes.filter(state=Quote.State.DRAFT).first()
    base = draft or engagement.quotes.order_by("-revision").first()
    if request is not None:
        quote_form = QuoteForm(initial=request.POST.dict())
    else:
        valid_until = timezone.localdate() + datetime.timedelta(QUOTE_VALIDITY_DAYS)
        if base and base.valid_until >= timezone.localdate():
            valid_until = base.valid_until
        quote_form = QuoteForm(
            initial={
                "valid_until": valid_until,
                "notes": base.notes if base else "",
                "cancellation_percent": int(base.cancellation_rate * 100)
                if base
                else 100,
            }
        )
    formset = QuoteLineFormSet(
        prefix=LINE_PREFIX,
        initial=lines if lines is not None else _line_initial(base),
    )
    catalogue_form = CatalogueAddForm(catalogue_data, queryset=_catalogue(engagement))
    return quote_form, formset, catalogue_form


@engagement_view()
def quote_editor(request, engagement):
    """Write the quote: lines (or standard packages), validity, notes.

    Buttons: add a line, add a standard package (both re-show the editor
    with the lines as typed), save the draft (quote_save computes the
    direction fee, tax per rate and total, shown beside the lines).
    """
    if engagement.state not in (E.QUOTING, E.QUOTED):
        messages.error(
            request,
            _("A quote can be written once the engagement has passed intake."),
        )
        return redirect("engagements:detail", engagement.pk)
    if request.method != "POST":
        return _render_editor(request, engagement, *_editor_forms(engagement))
    action = request.POST.get("action", "save")
    if action in ("add_line", "add_item"):
        lines = _posted_lines(request)
        catalogue_form = CatalogueAddForm(request.POST, queryset=_catalogue(engagement))
        if action == "add_line":
            lines.append({})
        elif catalogue_form.is_valid() and catalogue_form.cleaned_data["item"]:
            lines.append(_catalogue_line(catalogue_form.cleaned_data["item"]))
        quote_form, formset, _unused = _editor_forms(engagement, request, lines)
        return _render_editor(request, engagement, quote_form, formset, catalogue_form)
    return _save_quote(request, engagement)


def _save_quote(request, engagement):
    quote_form = QuoteForm(request.POST)
    formset = QuoteLineFormSet(request.POST, prefix=LINE_PREFIX)
    if quote_form.is_valid() and formset.is_valid():
        try:
            quotes.quote_save(
                engagement=engagement,
                by=request.user,
                lines=formset.lines(),
                **quote_form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(quote_form, exc)
        else:
            messages.success(request, _("The quote was saved as a draft."))
            return redirect("engagements:quote_editor", engagement.pk)
    messages.error(request, _("Please correct the errors below."))
    catalogue_form = CatalogueAddForm(queryset=_catalogue(engagement))
    return _render_editor(request, engagement, quote_form, formset, catalogue_form)


def _quote_of(engagement, quote_pk) -> Quote:
    return get_object_or_404(engagement.quotes, pk=quote_pk)


@engagement_view(post=True)
@once_per_token
def quote_send(request, engagement, quote_pk):
    """Send the draft to the client; its PDF is rendered by a task."""
    quote = _quote_of(engagement, quote_pk)
    try:
        quotes.quote_send(quote=quote, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("engagements:quote_editor", engagement.pk)
    messages.success(
        request,
        _("The quote was sent to the client. Its PDF is being prepared."),
    )
    return redirect("engagements:detail", engagement.pk)


@engagement_view()
def quote_pdf(request, engagement, quote_pk):
    quote = _quote_of(engagement, quote_pk)
    back = reverse("engagements:detail", args=[engagement.pk])
    return stored_pdf(
        request, quote, f"{quote.number or quote.pk}.pdf", back, task=render_quote_pdf
    )


OPEN_QUOTE_ROWS = 50
# What a row shows: not the quote's, engagement's and client's 70 columns.
OPEN_QUOTE_FIELDS = [
    "engagement_id", "number", "total", "valid_until",
    "engagement__title", "engagement__client_id",
    "engagement__client__legal_name",
]  # fmt: skip


def open_quotes_section(request) -> dict:
    """The sales dashboard's "my open quotes" (clients.sections.SALES)."""
    open_quotes = (
        Quote.objects.filter(
            state=Quote.State.SENT, engagement__sales_owner=request.user
        )
        .select_related("engagement__client")
        .only(*OPEN_QUOTE_FIELDS)
        .order_by("valid_until", "id")
    )
    rows = list(open_quotes[:OPEN_QUOTE_ROWS])  # soonest to expire
    engagement_url = pk_url("engagements:detail")
    for quote in rows:
        quote.engagement_url = engagement_url(quote.engagement_id)
    today = timezone.localdate()
    return {
        "open_quotes": rows,
        "open_quote_count": open_quotes.count(),
        "shown": OPEN_QUOTE_ROWS,
        "today": today,
        "soon": today + datetime.timedelta(days=EXPIRING_DAYS),
        "pipeline": selectors.pipeline_value(user=request.user),
    }
