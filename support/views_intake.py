"""The client portal's request for new work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT

from .forms import WorkRequestForm
from .services.intake import work_request_open


@role_required(CLIENT)
@once_per_token
def work_request(request):
    form = WorkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = work_request_open(by=request.user, order=form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("support:work_request")
        messages.success(
            request, _("Thank you. Sales will contact you about your request.")
        )
        return redirect("support:ticket", ticket.pk)
    return render(
        request,
        "support/work_request.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
