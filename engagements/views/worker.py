"""The worker portal: offers, my subtasks, the subtask page, my ratings, and
the download of submitted files.

Every subtask page fetches through ``get_subtask_for_worker`` first, so a
subtask the worker is not party to answers 404; the services then decide
whether the action is allowed now (their messages are shown as they are).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enterprise.counting import count_each
from enterprise.exports import list_export
from enterprise.once import once_per_token
from enterprise.permissions import role_required
from enterprise.roles import WORKER
from enterprise.sections import render_sections

from .. import selectors
from ..exports import OFFER_COLUMNS
from ..forms_worker import DeclineForm, MessageForm, SubmissionForm
from ..models import Offer, Review, Subtask
from ..services import assignment, work
from .common import stored_upload

# Page name under which higher apps add sections to an offer (what it pays).
OFFER = "engagements.offer"
PAGE_SIZE = 50
HOME_ROWS = 20
S = Subtask.State
IN_HAND = [S.ASSIGNED, S.SUBMITTED, S.REVISION_REQUESTED]
FILTERS = {
    "current": [*IN_HAND, S.OFFERED],
    "done": [S.APPROVED, S.PAID],
    "all": None,
}
FILTER_LABELS = [
    ("current", gettext_lazy("In hand")),
    ("done", gettext_lazy("Finished")),
    ("all", gettext_lazy("All")),
]


def _offers(user):
    return selectors.pending_offers_for_worker(user=user).select_related(
        "subtask__engagement__category", "subtask__required_skill"
    )


def _with_sections(request, offers) -> list[Offer]:
    """The offers, each with the sections higher apps add to its card."""
    offers = list(offers)
    for offer in offers:
        offer.sections = render_sections(OFFER, request, offer)
    return offers


def _in_hand(user):
    return (
        selectors.worker_subtasks(user=user)
        .filter(assignee=user, state__in=IN_HAND)
        .select_related("engagement__category")
    )


@role_required(WORKER)
def home(request):
    """My work: offers waiting for me, what I hold, messages waiting for me."""
    user = request.user
    return render(
        request,
        "engagements/worker/home.html",
        {
            "offers": _with_sections(request, _offers(user)),
            "subtasks": _in_hand(user)[:HOME_ROWS],
            "waiting": selectors.worker_waiting_messages(user=user)[:HOME_ROWS],
            "decline_form": DeclineForm(),
        },
    )


def dashboard_section(request) -> dict:
    """The worker dashboard's section (workers owns that page): offers,
    the soonest subtasks in hand and how many messages wait for an answer."""
    user = request.user
    offers = _offers(user)
    counts = count_each(
        offers=offers, waiting=selectors.worker_waiting_messages(user=user)
    )
    return {
        "offers": offers[:3],
        "offer_count": counts["offers"],
        "subtasks": _in_hand(user)[:5],
        "waiting_count": counts["waiting"],
    }


@role_required(WORKER)
def offer_list(request):
    offers = _offers(request.user)
    if export := list_export(request, "offers", OFFER_COLUMNS, offers):
        return export
    return render(
        request,
        "engagements/worker/offer_list.html",
        {
            "offers": _with_sections(request, offers),
            "decline_form": DeclineForm(),
        },
    )


def _back(request):
    """Back to the worker page the answer was given on (never elsewhere)."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("engagements:worker_home")):
        return redirect(target)
    return redirect("engagements:worker_offers")


@require_POST
@role_required(WORKER)
@once_per_token
def offer_accept(request, pk):
    offer = selectors.get_offer_for_worker(request.user, pk)
    try:
        assignment.offer_accept(offer=offer, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request)
    messages.success(
        request,
        _("You accepted “%(title)s”. It is now in your subtasks.")
        % {"title": offer.subtask.title},
    )
    return redirect("engagements:worker_subtask", offer.subtask_id)


@require_POST
@role_required(WORKER)
def offer_decline(request, pk):
    offer = selectors.get_offer_for_worker(request.user, pk)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        assignment.offer_decline(offer=offer, by=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You declined “%(title)s”.") % {"title": offer.subtask.title},
        )
    return _back(request)


@role_required(WORKER)
def subtask_list(request):
    """My subtasks, soonest due first, filtered by where they stand."""
    show = request.GET.get("show", "current")
    if show not in FILTERS:
        show = "current"
    subtasks = selectors.worker_subtasks(user=request.user).select_related(
        "engagement__category"
    )
    if FILTERS[show] is not None:
        subtasks = subtasks.filter(state__in=FILTERS[show])
    page = Paginator(subtasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/worker/subtask_list.html",
        {
            "page": page,
            "show": show,
            "filters": FILTER_LABELS,
            "query": f"show={show}&",
        },
    )


def _subtask_page(request, subtask, *, message_form=None, submission_form=None):
    user = request.user
    holds = subtask.assignee_id == user.pk
    submissions = list(selectors.worker_submissions(subtask=subtask, user=user))
    latest_review = getattr(submissions[0], "review", None) if submissions else None
    offers = subtask.offers.filter(worker=user, state=Offer.State.PENDING)[:1]
    context = {
        "subtask": subtask,
        "engagement": subtask.engagement,
        "holds": holds,
        "terms": subtask.assignments.filter(worker=user).first(),
        "offer": next(iter(_with_sections(request, offers)), None),
        "thread": selectors.worker_thread(subtask=subtask, user=user),
        "can_post": user.pk in (subtask.assignee_id, subtask.offered_to_id),
        "can_submit": holds and subtask.state in (S.ASSIGNED, S.REVISION_REQUESTED),
        "submissions": submissions,
        "revision_review": (
            latest_review
            if subtask.state == S.REVISION_REQUESTED
            and latest_review is not None
            and latest_review.decision == Review.Decision.REVISION_REQUESTED
            else None
        ),
        "message_form": message_form or MessageForm(),
        "submission_form": submission_form or SubmissionForm(),
        "decline_form": DeclineForm(),
    }
    return render(request, "engagements/worker/subtask_detail.html", context)


@role_required(WORKER)
def subtask_detail(request, pk):
    subtask = selectors.get_subtask_for_worker(request.user, pk)
    return _subtask_page(request, subtask)


@require_POST
@role_required(WORKER)
def subtask_message(request, pk):
    subtask = selectors.get_subtask_for_worker(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            work.message_post(
                subtask=subtask, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.add_error("body", exc.messages)
        else:
            messages.success(request, _("Your message was sent to the director."))
            return redirect("engagements:worker_subtask", subtask.pk)
    return _subtask_page(request, subtask, message_form=form)


@require_POST
@role_required(WORKER)
def subtask_submit(request, pk):
    """Submit (or resubmit) files and a note; nothing is stored on an error."""
    subtask = selectors.get_subtask_for_worker(request.user, pk)
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = work.submission_create(
                subtask=subtask,
                by=request.user,
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Version %(version)s was submitted for review.")
                % {"version": submission.version},
            )
            return redirect("engagements:worker_subtask", subtask.pk)
    return _subtask_page(request, subtask, submission_form=form)


@role_required(WORKER)
def ratings(request):
    reviews = selectors.worker_ratings(user=request.user)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "engagements/worker/ratings.html", {"page": page})


@login_required
def submission_file(request, pk):
    """Stream a submitted file to those allowed to see it (404 otherwise).

    Files live under MEDIA_ROOT, which is never served directly.
    """
    return stored_upload(selectors.get_submission_file_for_user(request.user, pk))


def worker_page_section(request, profile) -> dict:
    """The work a worker has in hand, on the worker's page for staff (workers
    owns that page): a suspended worker's current work stays visible to the
    directors who supervise it. A director sees their own engagements only."""
    viewer = request.user
    subtasks = Subtask.objects.filter(
        assignee_id=profile.user_id, state__in=IN_HAND
    ).select_related("engagement")
    if not viewer.is_staff:
        subtasks = subtasks.filter(engagement__director=viewer)
    return {"profile": profile, "subtasks": subtasks.order_by("due_at", "pk")[:50]}
