"""The ticket pages: the queue, opening a ticket, the conversation and the
desk's actions. Views parse input, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements.forms import ReasonForm
from enterprise.audit import timeline_for
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT, SALES, SUPPORT, WORKER

from . import forms, selectors
from .models import TicketAttachment, TicketCategory, TicketState
from .services import tickets

PAGE_SIZE = 25


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@role_required(SUPPORT, SALES)
def queue(request):
    """The desk's queue by category and state, breaches flagged."""
    user = request.user
    team = None if selectors.is_desk(user) else "sales"
    category = request.GET.get("category") or None
    state = request.GET.get("state", "active")
    only_breached = request.GET.get("breached") == "1"
    tickets_ = selectors.ticket_list_for_user(
        user=user,
        category=category if (category or "").isdigit() else None,
        state=state if state in {"active", *TicketState.values} else None,
        team=team,
        mine=request.GET.get("mine") == "1",
    )
    breached_count = selectors.breached(tickets_).count()
    if only_breached:
        tickets_ = selectors.breached(tickets_)
    page, query = _page(request, tickets_)
    return render(
        request,
        "support/queue.html",
        {
            "page": page,
            "query": query,
            "now": timezone.now(),
            "categories": TicketCategory.objects.filter(active=True),
            "category": category,
            "state": state,
            "states": TicketState.choices,
            "breached_count": breached_count,
            "only_breached": only_breached,
        },
    )


@login_required
def my_tickets(request):
    """A requester's tickets (a client contact: the company's)."""
    page, query = _page(request, selectors.requester_tickets(request.user))
    return render(request, "support/my_tickets.html", {"page": page, "query": query})


def _audience(user) -> str:
    if user.has_role(CLIENT):
        return "client"
    if user.has_role(WORKER):
        return "worker"
    raise PermissionDenied


@login_required
@once_per_token
def ticket_new(request):
    """お問い合わせ: one form, prefilled with the object it is about
    (``?payout_statement=12`` from a statement's objection notice)."""
    audience = _audience(request.user)
    subject = selectors.subject_from_query(request.user, request.GET)
    initial = selectors.initial_for(subject)
    form = forms.TicketForm(
        request.POST or None, request.FILES or None, audience=audience, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = tickets.ticket_open(
                by=request.user,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                files=data["files"],
                **subject,
            )
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(request.get_full_path())
        messages.success(request, _("Thank you. We received your inquiry."))
        return redirect("support:ticket", ticket.pk)
    return render(
        request,
        "support/ticket_new.html",
        {"form": form, "subject": next(iter(subject.values()), None)},
        status=400 if form.is_bound else 200,
    )


@role_required(SUPPORT)
@once_per_token
def ticket_on_behalf(request):
    """Staff write a ticket for someone who phoned or mailed."""
    form = forms.OnBehalfForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = tickets.ticket_open(
            by=request.user,
            requester=data["requester"],
            category=data["category"],
            title=data["title"],
            body=data["body"],
            files=data["files"],
            channel=data["channel"],
            priority=data["priority"],
        )
        messages.success(request, _("The ticket was opened."))
        return redirect("support:ticket", ticket.pk)
    return render(
        request,
        "support/ticket_new.html",
        {"form": form, "on_behalf": True},
        status=400 if form.is_bound else 200,
    )


@login_required
def ticket_detail(request, pk: int):
    ticket = selectors.get_ticket_for_user(request.user, pk)
    user = request.user
    staff = selectors.is_staff_viewer(user)
    desk = selectors.is_desk(user) or (staff and ticket.category.team == SALES)
    dispute = getattr(ticket, "dispute", None) if staff else None
    context = {
        "ticket": ticket,
        "messages_": selectors.visible_messages(ticket, user),
        "reply_form": forms.ReplyForm(staff=staff),
        "staff": staff,
        "desk": desk,
        "is_requester": ticket.requester_id == user.pk,
        "now": timezone.now(),
        "timeline": timeline_for(ticket).select_related("actor") if staff else None,
    }
    if desk:
        context["assign_form"] = forms.AssignForm(
            initial={"assignee": ticket.assignee_id}
        )
        context["reason_form"] = ReasonForm()
    if ticket.state == TicketState.CLOSED and ticket.requester_id == user.pk:
        context["rating_form"] = forms.RatingForm()
    if selectors.is_desk(user):
        context |= _dispute_context(ticket, dispute)
    return render(request, "support/ticket_detail.html", context)


def _dispute_context(ticket, dispute) -> dict:
    from .views_disputes import dispute_context

    return dispute_context(ticket, dispute)


@require_POST
@login_required
@once_per_token
def ticket_reply(request, pk: int):
    ticket = selectors.get_ticket_for_user(request.user, pk)
    staff = selectors.is_staff_viewer(request.user)
    form = forms.ReplyForm(request.POST, request.FILES, staff=staff)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("support:ticket", ticket.pk)
    data = form.cleaned_data
    try:
        tickets.ticket_reply(
            ticket=ticket,
            by=request.user,
            body=data["body"],
            files=data["files"],
            internal=data.get("internal", False),
            wait=data.get("wait", False),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Your message was added."))
    return redirect("support:ticket", ticket.pk)


@require_POST
@role_required(SUPPORT)
def ticket_assign(request, pk: int):
    ticket = selectors.get_ticket_for_user(request.user, pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        try:
            tickets.ticket_assign(
                ticket=ticket, by=request.user, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The ticket was assigned."))
    return redirect("support:ticket", ticket.pk)


def _transition(request, pk, service, done: str, **extra):
    ticket = selectors.get_ticket_for_user(request.user, pk)
    try:
        service(ticket=ticket, by=request.user, **extra)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("support:ticket", ticket.pk)


@require_POST
@login_required
def ticket_resolve(request, pk: int):
    return _transition(
        request,
        pk,
        tickets.ticket_resolve,
        _("The ticket is resolved."),
        note=request.POST.get("reason", "")[:2000],
    )


@require_POST
@login_required
def ticket_close(request, pk: int):
    return _transition(request, pk, tickets.ticket_close, _("The ticket is closed."))


@require_POST
@login_required
def ticket_reopen(request, pk: int):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _transition(
        request,
        pk,
        tickets.ticket_reopen,
        _("The ticket is open again."),
        reason=reason,
    )


@require_POST
@login_required
@once_per_token
def ticket_rate(request, pk: int):
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("support:ticket", pk)
    return _transition(
        request,
        pk,
        tickets.ticket_rate,
        _("Thank you for your rating."),
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )


@login_required
def attachment(request, pk: int):
    """A file of a message, for whoever may read that message."""
    item = get_object_or_404(TicketAttachment.objects.select_related("message"), pk=pk)
    selectors.get_ticket_for_user(request.user, item.message.ticket_id)
    if item.message.internal and not selectors.is_staff_viewer(request.user):
        raise Http404
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name
    )
