"""Pages around the API: the docs, a person's keys, webhook endpoints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.selectors import client_for_contact
from enterprise.roles import FINANCE

from . import keys, webhooks
from .forms import ApiKeyForm, WebhookForm
from .models import ApiKey, WebhookDelivery, WebhookEndpoint


def docs(request):
    """Swagger UI from the installed package's static files; the page's only
    script is a static file (no inline script, for the CSP)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})


@login_required
def key_list(request):
    """My API keys; a new key is shown once, right after it is made."""
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_key = keys.api_key_create(
                user=request.user, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiKeyForm()
    context = {
        "form": form,
        "keys": keys.keys_for_user(request.user),
        "new_key": new_key,
    }
    return render(
        request, "api/key_list.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def key_revoke(request, pk):
    key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    keys.api_key_revoke(key=key, by=request.user)
    messages.success(request, _("The key was revoked."))
    return redirect("api:keys")


def _webhook_owner(user):
    """(may manage, company): a contact manages their company's endpoints,
    finance and superusers the operator's (no company)."""
    if user.is_superuser or user.has_role(FINANCE):
        return True, None
    client = client_for_contact(user)
    return client is not None, client


def _endpoints(user):
    allowed, client = _webhook_owner(user)
    if not allowed:
        raise PermissionDenied
    return WebhookEndpoint.objects.filter(client=client), client


@login_required
def webhook_list(request):
    endpoints, client = _endpoints(request.user)
    form = WebhookForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _e, secret = webhooks.endpoint_create(
                client=client,
                by=request.user,
                url=form.cleaned_data["url"],
                events_=form.cleaned_data["events"],
            )
        except ValueError:
            form.add_error("url", _("Only http:// and https:// addresses can be used."))
        else:
            form = WebhookForm()
    context = {"form": form, "endpoints": endpoints, "secret": secret}
    return render(
        request, "api/webhook_list.html", context, status=400 if form.errors else 200
    )


@login_required
def webhook_detail(request, pk):
    endpoints, _client = _endpoints(request.user)
    endpoint = get_object_or_404(endpoints, pk=pk)
    deliveries = endpoint.deliveries.order_by("-created_at", "-id")[:100]
    return render(
        request,
        "api/webhook_detail.html",
        {"endpoint": endpoint, "deliveries": deliveries},
    )


@login_required
@require_POST
def delivery_replay(request, pk):
    endpoints, _client = _endpoints(request.user)
    delivery = get_object_or_404(WebhookDelivery, pk=pk, endpoint__in=endpoints)
    webhooks.delivery_replay(delivery=delivery, by=request.user)
    messages.success(request, _("The event will be sent again."))
    return redirect("api:webhook_detail", delivery.endpoint_id)
