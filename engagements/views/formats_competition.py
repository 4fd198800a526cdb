"""Competition pages: the director's call, entries, shortlist and award;
the worker's calls and own entries; the client's choice of the winner."""

from functools import partial

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.entry import posted_id
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import CLIENT, DIRECTOR, WORKER

from .. import selectors_formats as sel
from ..forms_formats import AwardForm, CompetitionOpenForm, EntryForm
from ..services import competition
from ..services.formats import format_setting
from .common import stored_upload
from .formats import attempt, posted

# --- Director -------------------------------------------------------------------


@role_required(DIRECTOR)
def competition_detail(request, pk):
    subtask = sel.get_competition_for_director(request.user, pk)
    settings = sel.competition_settings(subtask)
    open_form = CompetitionOpenForm(
        request.POST or None,
        initial={"loser_file_days": format_setting("COMPETITION_LOSER_FILE_DAYS")},
    )
    done = posted(
        request,
        open_form,
        partial(competition.competition_open, subtask=subtask, by=request.user),
        _("The competition is open; the matching workers have been told."),
        "engagements:competition_detail",
        subtask.pk,
    )
    if done:
        return done
    return render(
        request,
        "engagements/formats/competition_detail.html",
        {
            "subtask": subtask,
            "competition": settings,
            "entries": sel.competition_entries(subtask),
            "open_form": open_form,
            "award_form": AwardForm(),
            "deadline_passed": subtask.due_at <= timezone.now(),
            "timeline": timeline_for(subtask),
        },
    )


@role_required(DIRECTOR)
@require_POST
def competition_shortlist(request, pk):
    subtask = sel.get_competition_for_director(request.user, pk)
    entry = subtask.entries.filter(pk=posted_id(request.POST.get("entry"))).first()
    if entry is None:
        raise Http404
    add = request.POST.get("shortlisted") == "1"
    attempt(
        request,
        lambda: competition.entry_shortlist(
            entry=entry, by=request.user, shortlisted=add
        ),
        _("Added to the shortlist.") if add else _("Removed from the shortlist."),
    )
    return redirect("engagements:competition_detail", subtask.pk)


@role_required(DIRECTOR)
@require_POST
def competition_send_shortlist(request, pk):
    subtask = sel.get_competition_for_director(request.user, pk)
    attempt(
        request,
        lambda: competition.competition_send_shortlist(
            subtask=subtask, by=request.user
        ),
        _("The client has been asked to choose the winner."),
    )
    return redirect("engagements:competition_detail", subtask.pk)


def _award(request, subtask, back: str):
    entry = subtask.entries.filter(pk=posted_id(request.POST.get("entry"))).first()
    if entry is None:
        raise Http404
    form = AwardForm(request.POST)
    form.is_valid()
    attempt(
        request,
        lambda: competition.competition_award(
            entry=entry, by=request.user, message=form.cleaned_data.get("message", "")
        ),
        _("The winner has been chosen; the entrants have been told."),
    )
    return redirect(back, subtask.pk)


@role_required(DIRECTOR)
@require_POST
@once_per_token
def competition_award(request, pk):
    """The director chooses on the client's behalf (recorded as such)."""
    subtask = sel.get_competition_for_director(request.user, pk)
    return _award(request, subtask, "engagements:competition_detail")


@role_required(DIRECTOR, WORKER, CLIENT)
def entry_file(request, pk):
    """A stored entry file, to its worker, the director, or the client's
    contact when the entry is shortlisted; never served from MEDIA_ROOT."""
    return stored_upload(sel.get_entry_file_for_user(request.user, pk))


# --- Worker ---------------------------------------------------------------------


@role_required(WORKER)
def worker_competitions(request):
    return render(
        request,
        "engagements/formats/worker_competitions.html",
        {
            "calls": sel.competitions_for_worker(user=request.user),
            "entries": sel.entries_for_worker(user=request.user)[:50],
        },
    )


@role_required(WORKER)
def worker_competition(request, pk):
    subtask = sel.get_competition_for_worker(request.user, pk)
    form = EntryForm(request.POST or None, request.FILES or None)
    done = posted(
        request,
        form,
        partial(competition.entry_submit, subtask=subtask, by=request.user),
        _("Your entry has been sent."),
        "engagements:worker_competition",
        subtask.pk,
    )
    if done:
        return done
    return render(
        request,
        "engagements/formats/worker_competition.html",
        {
            "subtask": subtask,
            "competition": subtask.competition,
            "entries": sel.entries_for_worker(user=request.user, subtask=subtask),
            "form": form,
            "open": subtask.due_at > timezone.now() and not subtask.competition.awarded,
        },
    )


# --- Client ---------------------------------------------------------------------


@role_required(CLIENT)
def client_competitions(request):
    return render(
        request,
        "engagements/formats/client_competitions.html",
        {"competitions": sel.competitions_for_client(user=request.user)},
    )


@role_required(CLIENT)
@once_per_token
def client_competition(request, pk):
    """The shortlist, each entry's files, and the choice of the winner."""
    subtask = sel.get_competition_for_client(request.user, pk)
    if request.method == "POST":
        return _award(request, subtask, "engagements:client_competition")
    return render(
        request,
        "engagements/formats/client_competition.html",
        {
            "subtask": subtask,
            "competition": subtask.competition,
            "shortlist": sel.shortlist(subtask),
            "award_form": AwardForm(),
            "deadline_passed": subtask.due_at <= timezone.now(),
        },
    )
