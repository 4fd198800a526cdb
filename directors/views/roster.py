"""The roster (who may direct, and their load) and supervision: sales or a
superuser puts a director in charge of an engagement."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from engagements.selectors import get_engagement_for_user
from enterprise.audit import timeline_for
from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR, SALES

from .. import selectors, services
from ..forms import RosterForm, SupervisionForm
from ..models import DirectorProfile
from ._base import run

ROSTER_PAGE_SIZE = 50


@role_required(SALES, DIRECTOR)
def roster(request):
    """A page of the roster: an operator's few hundred directors drawn at
    once took most of the page's time (issue 15)."""
    page = Paginator(selectors.roster_entries(), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_standing(list(page.object_list))
    return render(
        request,
        "directors/roster.html",
        {
            "page": page,
            "profiles": page.object_list,
            "may_manage": services.can_manage_roster(request.user),
        },
    )


def _roster_form(request, pk=None):
    if not services.can_manage_roster(request.user):
        raise PermissionDenied
    # Whoever manages the roster sees every entry of it.
    profile = get_object_or_404(DirectorProfile, pk=pk) if pk else None
    form = RosterForm(request.POST or None, instance=profile)
    if request.method == "POST":

        def action(**data):
            services.roster_save(by=request.user, **form.service_fields())

        if run(request, form, action, _("The roster was saved.")):
            return redirect("directors:roster")
    context = {
        "form": form,
        "profile": profile,
        "timeline": timeline_for(profile) if profile else None,
    }
    return render(request, "directors/roster_form.html", context)


@role_required(SALES, DIRECTOR)
def roster_add(request):
    return _roster_form(request)


@role_required(SALES, DIRECTOR)
def roster_edit(request, pk):
    return _roster_form(request, pk)


@role_required(SALES)
def supervision(request, pk):
    """Choose (or change) the director of an engagement, from the roster."""
    engagement = get_engagement_for_user(request.user, pk)
    profiles = selectors.roster(active_only=True)
    form = SupervisionForm(request.POST or None, roster=profiles)
    if request.method == "POST":

        def action(director, reason):
            services.supervision_assign(
                engagement=engagement, director=director, by=request.user, reason=reason
            )

        if run(request, form, action, _("The director was assigned.")):
            return redirect("directors:supervision", pk=engagement.pk)
        engagement.refresh_from_db()
    context = {"engagement": engagement, "profiles": profiles, "form": form}
    return render(request, "directors/supervision.html", context)
