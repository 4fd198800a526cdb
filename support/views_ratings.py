"""The client's delivery ratings in the portal: /support/ratings/..."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT

from . import ratings
from .forms_ratings import DeliveryRatingForm

PAGE_SIZE = 20


@role_required(CLIENT)
def rating_list(request):
    """The company's deliveries, each rated or waiting for a rating."""
    deliveries = ratings.portal_deliveries(request.user)
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/ratings/list.html", {"page": page})


@role_required(CLIENT)
@once_per_token
def delivery_rate(request, pk):
    """Rate one delivery (once); afterwards the page shows the rating given."""
    delivery = ratings.get_portal_delivery(request.user, pk)
    rated = getattr(delivery, "client_rating", None)
    form = None if rated else DeliveryRatingForm(request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            ratings.delivery_rate(
                delivery=delivery, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you for rating the delivery."))
            return redirect("support:delivery_rate", delivery.pk)
    elif request.method == "POST" and form is not None:
        messages.error(request, _("Please correct the errors below."))
    elif request.method == "POST":
        messages.error(request, _("This delivery has already been rated."))
    return render(
        request,
        "support/ratings/rate.html",
        {"delivery": delivery, "rated": rated, "form": form},
    )


def portal_section(request, client) -> dict:
    """The portal home's section (clients.sections.PORTAL): deliveries waiting
    for the contact's rating."""
    return {"unrated": ratings.unrated_deliveries(request.user)[:5]}
