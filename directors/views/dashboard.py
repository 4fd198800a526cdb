"""The director's home and the two lists behind it."""

from django.core.paginator import Paginator
from django.shortcuts import render

from engagements.models import Engagement
from enterprise.counting import count_each
from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR

from .. import selectors
from ..forms import SORTS, EngagementFilterForm, QueueFilterForm

DASHBOARD_ROWS = 10
PAGE_SIZE = 50


def _heads(rows: int = DASHBOARD_ROWS, **lists) -> dict:
    """The first ``rows`` of each list and how many each holds in all (the
    totals in one query)."""
    totals = count_each(**lists)
    return {
        name: {"rows": list(queryset[:rows]), "total": totals[name]}
        for name, queryset in lists.items()
    }


@role_required(DIRECTOR)
def dashboard(request):
    """Today: what waits for review, what to plan, what is late or about to
    be, my load."""
    me = request.user
    context = {
        **_heads(
            queue=selectors.review_queue(director=me),
            at_risk=selectors.at_risk_subtasks(director=me),
            overdue=selectors.overdue_subtasks(director=me),
            to_plan=selectors.engagements_to_plan(director=me),
            to_assign=selectors.subtasks_to_assign(director=me),
        ),
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
