"""The director's home and the two lists behind it."""

from django.core.paginator import Paginator
from django.shortcuts import render

from engagements.models import Engagement
from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR

from .. import selectors
from ..forms import SORTS, EngagementFilterForm, QueueFilterForm

DASHBOARD_ROWS = 10
PAGE_SIZE = 50


def _head(queryset, rows: int = DASHBOARD_ROWS) -> dict:
    """The first ``rows`` of a list and how many there are in all."""
    return {"rows": list(queryset[:rows]), "total": queryset.count()}


@role_required(DIRECTOR)
def dashboard(request):
    """Today: what waits for review, what to plan, what is late or about to
    be, my load."""
    me = request.user
    context = {
        "queue": _head(selectors.review_queue(director=me)),
        "at_risk": _head(selectors.at_risk_subtasks(director=me)),
        "overdue": _head(selectors.overdue_subtasks(director=me)),
        "to_plan": _head(selectors.engagements_to_plan(director=me)),
        "to_assign": _head(selectors.subtasks_to_assign(director=me)),
        "by_state": selectors.engagements_by_state(director=me),
        "workload": selectors.workload(director=me),
    }
    return render(request, "directors/dashboard.html", context)


@role_required(DIRECTOR)
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queue = selectors.review_queue(
        director=request.user,
        query=data.get("q", ""),
        newest_first=data.get("order") == "newest",
    )
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directors/review_queue.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@role_required(DIRECTOR)
def engagement_list(request):
    form = EngagementFilterForm(request.GET or None, states=Engagement.State.choices)
    data = form.cleaned_data if form.is_valid() else {}
    engagements = selectors.my_engagements(
        user=request.user,
        query=data.get("q", ""),
        state=data.get("state", ""),
        order=SORTS.get(data.get("sort"), SORTS["deadline"]),
    )
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directors/engagement_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
