"""Finance's list of cancelled engagements whose approved work is not billed
yet: what the next close will bill under the quote's terms, and the
write-off (with a reason, on the record) of what should not be billed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.permissions import role_required
from enterprise.roles import FINANCE

from ..forms.payouts import ReasonForm
from ..models import CancellationCharge
from ..services.billing_shapes import cancellation_amounts, cancellation_write_off


def _pending():
    return (
        CancellationCharge.objects.filter(state=CancellationCharge.State.PENDING)
        .select_related("engagement__client")
        .order_by("created_at", "id")
    )


@role_required(FINANCE)
def cancellations(request, form=None, failed=None):
    page = Paginator(_pending(), 25).get_page(request.GET.get("page"))
    amounts = cancellation_amounts(charge.engagement for charge in page)
    rows = [(charge, *amounts[charge.engagement_id]) for charge in page]
    return render(
        request,
        "invoicing/billing/cancellations.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "blank": ReasonForm(),
            "failed": failed,
        },
        status=400 if form is not None else 200,
    )


@role_required(FINANCE)
@require_POST
def cancellation_write_off_view(request, pk: int):
    charge = get_object_or_404(_pending(), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return cancellations(request, form=form, failed=charge.pk)
    try:
        cancellation_write_off(
            charge=charge, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The approved work of “%(title)s” will not be billed.")
            % {"title": charge.engagement.title},
        )
    return redirect("invoicing:cancellations")
