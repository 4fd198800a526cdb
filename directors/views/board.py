"""The decomposition board of one engagement and the assignment panel of a
subtask. Each action calls one engagements service; a refusal is shown on the
page it came from, next to its form."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement, Subtask
from engagements.models.engagement import OPEN_STATES
from engagements.selectors import accepted_quote, budget_summary
from engagements.services import decomposition, delivery
from enterprise.audit import timeline_for
from enterprise.links import pk_url
from workers.selectors import (
    PICK_LIMIT,
    offerable_workers,
    recommend_workers,
    worker_name,
)

from .. import selectors, services
from ..forms import (
    DeliverForm,
    OfferForm,
    ReasonForm,
    ReofferForm,
    StartWorkForm,
    SubtaskForm,
)
from ._base import attempt, form_action, form_invalid, run, supervised

S = Engagement.State
# A page of the board: the rows a director reads at once, as every list here
# (rendering the rows is most of the page's cost; the totals are per state).
BOARD_PAGE_SIZE = 50
PLANNABLE = (S.PLANNING, S.IN_PROGRESS)
REOFFERABLE = services.REOFFERABLE

# Subtasks whose review page (submissions and the thread with the worker)
# the board links: from the moment a worker holds one, so a question asked
# before the first submission can be answered.
REVIEWABLE = [
    Subtask.State.ASSIGNED,
    Subtask.State.SUBMITTED,
    Subtask.State.REVISION_REQUESTED,
    Subtask.State.APPROVED,
    Subtask.State.PAID,
]


def _board_url(engagement) -> str:
    return reverse("directors:engagement", args=[engagement.pk])


def _board_rows(request, engagement) -> dict:
    """One page of the board's rows, filtered by state, with the count of
    each state: a 2,000-subtask engagement is read a page at a time."""
    by_state = selectors.board_state_counts(engagement)
    state = request.GET.get("state", "")
    subtasks = selectors.board_subtasks(engagement)
    if state in {row["state"] for row in by_state}:
        subtasks = subtasks.filter(state=state)
    else:
        state = ""
    total = sum(row["count"] for row in by_state if not state or row["state"] == state)
    paginator = Paginator(subtasks, BOARD_PAGE_SIZE)
    paginator.count = total  # known from the state counts: no COUNT query
    query = request.GET.copy()
    query.pop("page", None)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _link_rows(page.object_list)
    return {
        "page": page,
        "by_state": by_state,
        "state": state,
        "all_count": sum(row["count"] for row in by_state),
        "query": query.urlencode(),
    }


def _link_rows(subtasks: list) -> None:
    """Each row's action links, three URLs reversed once for the page."""
    edit, assign, review = (
        pk_url(f"directors:{name}") for name in ("subtask_edit", "assign", "review")
    )
    for subtask in subtasks:
        subtask.links = {
            "edit": edit(subtask.pk),
            "assign": assign(subtask.pk),
            "review": review(subtask.pk),
        }


def _render_board(request, engagement, forms: dict | None = None, status=200):
    forms = forms or {}
    quote = accepted_quote(engagement)  # once, for the summary and the page
    context = {
        "engagement": engagement,
        "summary": budget_summary(engagement, quote),
        "quote": quote,
        **_board_rows(request, engagement),
        "timeline": timeline_for(engagement),
        "assignable": [Subtask.State.OPEN, *REOFFERABLE],
        "reviewable": REVIEWABLE,
        "may": {
            "plan": engagement.state == S.CONTRACTED,
            "add": engagement.state in PLANNABLE,
            "start": engagement.state == S.PLANNING,
            "deliver": engagement.state == S.IN_PROGRESS,
            "cancel": engagement.state in OPEN_STATES,
        },
        "subtask_form": forms.get("subtask")
        or SubtaskForm(
            prefix="subtask",
            initial={"revisions_included": engagement.revision_limit},
        ),
        "start_form": forms.get("start") or StartWorkForm(prefix="start"),
        "deliver_form": forms.get("deliver") or DeliverForm(prefix="deliver"),
        "cancel_form": forms.get("cancel") or ReasonForm(prefix="cancel"),
    }
    return render(request, "directors/engagement_board.html", context, status=status)


@supervised("engagement")
def engagement_board(request, engagement):
    return _render_board(request, engagement)


@supervised("engagement", post=True)
def start_planning(request, engagement):
    attempt(
        request,
        lambda: decomposition.engagement_start_planning(
            engagement=engagement, by=request.user
        ),
        _("Planning started: split the work into subtasks."),
    )
    return redirect(_board_url(engagement))


class Board:
    """The decomposition board as the page an action returns to."""

    url = staticmethod(_board_url)
    render = staticmethod(_render_board)

    @staticmethod
    def form_kwargs(engagement):
        return {}


subtask_add = form_action(
    "engagement",
    "subtask",
    SubtaskForm,
    lambda engagement, by, form, **data: decomposition.subtask_create(
        engagement=engagement, by=by, **form.service_fields()
    ),
    _("The subtask was added."),
    page=Board,
)
start_work = form_action(
    "engagement",
    "start",
    StartWorkForm,
    lambda engagement, by, form, over_budget_reason: (
        decomposition.engagement_start_work(
            engagement=engagement, by=by, over_budget_reason=over_budget_reason
        )
    ),
    _("Work has started."),
    page=Board,
)
deliver = form_action(
    "engagement",
    "deliver",
    DeliverForm,
    lambda engagement, by, form, note: delivery.engagement_deliver(
        engagement=engagement, by=by, note=note
    ),
    _("Delivered: the client has been asked to accept it."),
    page=Board,
)
cancel = form_action(
    "engagement",
    "cancel",
    ReasonForm,
    lambda engagement, by, form, reason: delivery.engagement_cancel(
        engagement=engagement, by=by, reason=reason
    ),
    _("The engagement was cancelled."),
    page=Board,
)


@supervised("subtask")
def subtask_edit(request, subtask):
    form = SubtaskForm(request.POST or None, instance=subtask)
    if request.method == "POST":

        def action(**data):
            decomposition.subtask_update(
                subtask=subtask, by=request.user, **form.service_fields()
            )

        if run(request, form, action, _("The subtask was saved.")):
            return redirect(_board_url(subtask.engagement))
    return render(
        request, "directors/subtask_form.html", {"form": form, "subtask": subtask}
    )


# --- The assignment panel ----------------------------------------------------


def _excluded(subtask, director) -> list[int]:
    """The director, whoever holds or was offered the subtask, and those who
    declined or let an offer of it lapse."""
    excluded = {director.pk, subtask.assignee_id, subtask.offered_to_id}
    excluded |= set(subtask.offers.values_list("worker_id", flat=True))
    return [pk for pk in excluded if pk is not None]


def _recommendations(subtask, director, excluded=None):
    """Ranked workers for the subtask, leaving out ``_excluded``."""
    if subtask.required_skill is None:
        return []
    return recommend_workers(
        skill=subtask.required_skill,
        category=subtask.engagement.category,
        exclude_user_ids=_excluded(subtask, director) if excluded is None else excluded,
    )


def _render_panel(request, subtask, reoffer_form=None, status=200):
    excluded = _excluded(subtask, request.user)
    recommendations = _recommendations(subtask, request.user, excluded)
    may_offer = (
        subtask.state == Subtask.State.OPEN and subtask.engagement.state in PLANNABLE
    )
    # The manual pick: any worker who may take an offer, by name or login.
    query = request.GET.get("q", "").strip()[:100] if may_offer else ""
    picks = (
        offerable_workers(user=request.user, text=query, exclude_user_ids=excluded)
        if query
        else []
    )
    context = {
        "subtask": subtask,
        "engagement": subtask.engagement,
        "recommendations": recommendations,
        "offers": subtask.offers.select_related("worker__worker_profile", "offered_by"),
        "may_offer": may_offer,
        "query": query,
        "picks": picks,
        "pick_limit": PICK_LIMIT,
        "may_reoffer": subtask.state in REOFFERABLE,
        "reoffer_form": reoffer_form
        or ReofferForm(prefix="reoffer", recommendations=recommendations),
    }
    return render(request, "directors/assignment_panel.html", context, status=status)


@supervised("subtask")
def assignment_panel(request, subtask):
    return _render_panel(request, subtask)


@supervised("subtask", post=True)
def offer(request, subtask):
    form = OfferForm(request.POST)
    if not form.is_valid():
        form_invalid(request)
        return _render_panel(request, subtask, status=400)
    worker = selectors.offer_candidate(request.user, form.cleaned_data["worker"])
    if worker is None:
        messages.error(request, _("This person cannot receive offers."))
        return _render_panel(request, subtask, status=400)
    if attempt(
        request,
        lambda: services.subtask_offer(subtask=subtask, worker=worker, by=request.user),
        _("The subtask was offered to %(name)s.") % {"name": worker_name(worker)},
    ):
        return redirect("directors:assign", pk=subtask.pk)
    subtask.refresh_from_db()
    return _render_panel(request, subtask)


@supervised("subtask", post=True)
def reoffer(request, subtask):
    recommendations = _recommendations(subtask, request.user)
    form = ReofferForm(request.POST, prefix="reoffer", recommendations=recommendations)
    chosen = {rec.worker.pk: rec.worker for rec in recommendations}

    def action(worker, reason):
        services.subtask_reoffer(
            subtask=subtask, worker=chosen[worker], by=request.user, reason=reason
        )

    if run(request, form, action, _("The subtask was taken back and offered anew.")):
        return redirect("directors:assign", pk=subtask.pk)
    subtask.refresh_from_db()
    return _render_panel(request, subtask, reoffer_form=form)
