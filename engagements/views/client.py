"""The client portal: a contact's engagements with their progress, quotes to
accept or decline, deliveries to accept (検収) or send back, and documents.

Everything is scoped to the contact's own company: another company's
engagement, quote or delivery answers 404 on every URL. These pages never
show the budget, rewards, margins, directors or workers.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT
from enterprise.sections import render_sections

from .. import selectors
from ..forms import AcceptQuoteForm, ReasonForm
from ..models import Delivery, Engagement, Quote
from ..services import delivery, quotes
from ..tasks import render_order_confirmation_pdf, render_quote_pdf
from .common import flash_errors, run_form, stored_pdf

CLIENT_ENGAGEMENT_PAGE = "engagements.client_engagement"

# The portal's scope lives in the selectors, shared with the REST API.
VISIBLE_QUOTE_STATES = selectors.VISIBLE_QUOTE_STATES
portal_engagements = selectors.portal_engagements
get_portal_engagement = selectors.get_portal_engagement
portal_quotes = selectors.portal_quotes
get_portal_quote = selectors.get_portal_quote


def waiting_for(user) -> dict:
    """Quotes to answer and deliveries to accept, soonest deadline first."""
    today = timezone.localdate()
    return {
        "waiting_quotes": portal_quotes(user)
        .filter(state=Quote.State.SENT)
        .order_by("valid_until", "id"),
        "waiting_deliveries": Delivery.objects.filter(
            engagement__in=portal_engagements(user)
            .filter(state=Engagement.State.DELIVERED)
            .values("pk"),
            decision=Delivery.Decision.PENDING,
        )
        .select_related("engagement")
        .order_by("accept_by", "id"),
        "today": today,
    }


def portal_view(fetch, *, post: bool = False):
    """A portal page of one object: 403 without the client role, 404 for
    another company's object, 405 for a wrong method."""

    def decorator(view):
        @wraps(view)
        @role_required(CLIENT)
        def wrapper(request, pk, **kwargs):
            obj = fetch(request.user, pk)
            if post and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, obj, **kwargs)

        return wrapper

    return decorator


@role_required(CLIENT)
def engagement_list(request):
    """My engagements with their progress; what waits for me on top."""
    engagements = selectors.with_progress(portal_engagements(request.user))
    return render(
        request,
        "engagements/client/engagement_list.html",
        {"engagements": engagements, **waiting_for(request.user)},
    )


def portal_section(request, client) -> dict:
    """The client portal home's section (clients.sections.PORTAL)."""
    engagements = selectors.with_progress(portal_engagements(request.user))
    return {"engagements": engagements[:10], **waiting_for(request.user)}


def _render_detail(request, engagement, forms: dict | None = None):
    forms = forms or {}
    progress = selectors.with_progress(
        Engagement.objects.filter(pk=engagement.pk)
    ).values("subtask_count", "approved_count")[0]
    context = {
        "engagement": engagement,
        "progress": progress,
        "quotes": engagement.quotes.filter(state__in=VISIBLE_QUOTE_STATES),
        "deliveries": engagement.deliveries.all(),
        "deliverables": selectors.deliverables(engagement),
        "changes_form": forms.get("changes") or ReasonForm(prefix="changes"),
        # Apps above add to the page (the desk: message the operator).
        "sections": render_sections(CLIENT_ENGAGEMENT_PAGE, request, engagement),
    }
    return render(request, "engagements/client/engagement_detail.html", context)


@portal_view(get_portal_engagement)
def engagement_detail(request, engagement):
    return _render_detail(request, engagement)


@portal_view(get_portal_engagement, post=True)
def delivery_accept(request, engagement):
    """検収: the contact accepts the delivery; the engagement is completed."""
    try:
        delivery.delivery_accept(engagement=engagement, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, _("Thank you. The delivery is accepted and the work completed.")
        )
    return redirect("engagements:client_detail", engagement.pk)


@portal_view(get_portal_engagement, post=True)
def delivery_changes(request, engagement):
    """The contact sends the delivery back with what should change."""
    form = ReasonForm(request.POST, prefix="changes")

    def action(reason):
        delivery.delivery_request_changes(
            engagement=engagement, by=request.user, reason=reason
        )

    success = _("Your request was sent. We will deliver again after the changes.")
    if run_form(request, form, action, success):
        return redirect("engagements:client_detail", engagement.pk)
    return _render_detail(request, engagement, forms={"changes": form})


def _render_quote(request, quote, forms: dict | None = None):
    forms = forms or {}
    today = timezone.localdate()
    context = {
        "quote": quote,
        "engagement": quote.engagement,
        "lines": quote.lines.all(),
        "expired": quote.state == Quote.State.SENT and quote.valid_until < today,
        "accept_form": forms.get("accept") or AcceptQuoteForm(prefix="accept"),
        "decline_form": forms.get("decline") or ReasonForm(prefix="decline"),
    }
    return render(request, "engagements/client/quote_detail.html", context)


@portal_view(get_portal_quote)
def quote_detail(request, quote):
    return _render_quote(request, quote)


@portal_view(get_portal_quote, post=True)
@once_per_token
def quote_accept(request, quote):
    """Accept the quote: who, when and from which address are recorded."""
    form = AcceptQuoteForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            quotes.quote_accept(
                quote=quote, by=request.user, ip=request.META.get("REMOTE_ADDR")
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you for your order. The order confirmation will be "
                    "ready to download shortly."
                ),
            )
        return redirect("engagements:client_quote", quote.pk)
    messages.error(request, _("Please correct the errors below."))
    return _render_quote(request, quote, forms={"accept": form})


@portal_view(get_portal_quote, post=True)
def quote_decline(request, quote):
    form = ReasonForm(request.POST, prefix="decline")

    def action(reason):
        quotes.quote_decline(quote=quote, by=request.user, reason=reason)

    success = _("The quote was declined. Thank you.")
    if run_form(request, form, action, success):
        return redirect("engagements:client_quote", quote.pk)
    return _render_quote(request, quote, forms={"decline": form})


@portal_view(get_portal_quote)
def quote_pdf(request, quote):
    return stored_pdf(
        request,
        quote,
        f"{quote.number}.pdf",
        back=reverse("engagements:client_quote", args=[quote.pk]),
        task=render_quote_pdf,
    )


@portal_view(get_portal_quote)
def order_confirmation_pdf(request, quote):
    if quote.state != Quote.State.ACCEPTED:
        raise Http404
    return stored_pdf(
        request,
        quote,
        f"{quote.number}-order-confirmation.pdf",
        back=reverse("engagements:client_quote", args=[quote.pk]),
        task=render_order_confirmation_pdf,
        field="order_confirmation_pdf",
    )
