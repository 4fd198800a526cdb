"""Task batch pages: the director's batch page, import, sample review,
disagreement queue and appeals; the worker's claiming and answering.

Competition and hourly pages live in formats_competition and formats_hourly.
Views parse input, call one service or selector, and render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enterprise.audit import timeline_for
from enterprise.counting import count_each
from enterprise.entry import posted_id, posted_ids
from enterprise.permissions import role_required
from enterprise.roles import DIRECTOR, WORKER

from .. import selectors_formats as sel
from ..forms_formats import (
    AnswerForm,
    AppealDecisionForm,
    AppealForm,
    BatchForm,
    ClaimForm,
    ImportForm,
    RejectForm,
)
from ..models import TaskUnit
from ..services import batch_csv, batch_review, batches
from ..services.formats import format_setting

HOME_ROWS = 50  # rows of each list on the director's formats page


def attempt(request, action, success: str) -> bool:
    """Run a service; flash ``success``, or each of its messages as errors."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def posted(request, form, action, success: str, *redirect_to):
    """A valid posted ``form`` runs ``action(**cleaned_data)``: on success a
    redirect to ``redirect_to``; otherwise None and the page renders again."""
    if request.method != "POST" or not form.is_valid():
        return None
    if attempt(request, lambda: action(**form.cleaned_data), success):
        return redirect(*redirect_to)
    return None


# --- Director -------------------------------------------------------------------


@role_required(DIRECTOR)
def formats_home(request):
    """The director's competitions, batches and weeks to approve: the first
    rows of each list and its total (a director may hold thousands of open
    project subtasks)."""
    user = request.user
    lists = {
        "batches": sel.batch_list_for_director(user=user),
        "task_subtasks": sel.task_subtasks_without_batch(user=user).order_by(
            "due_at", "id"
        ),
        "competitions": sel.competition_list_for_director(user=user),
        "timesheets": sel.timesheets_for_director(user=user),
        "hourly_candidates": sel.hourly_subtasks_for_director(user=user).order_by(
            "due_at", "id"
        ),
    }
    first = {name: rows[:HOME_ROWS] for name, rows in lists.items()}
    first["hourly_candidates"] = sel.first_rows(lists["hourly_candidates"], HOME_ROWS)
    return render(
        request,
        "engagements/formats/director_home.html",
        {
            **{name: list(rows) for name, rows in first.items()},
            "totals": count_each(**lists),
            "shown": HOME_ROWS,
        },
    )


@role_required(DIRECTOR)
def batch_create(request, subtask_pk):
    subtask = sel.task_subtasks_without_batch(user=request.user).filter(pk=subtask_pk)
    subtask = subtask.first()
    if subtask is None:
        raise Http404
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = []
        ok = attempt(
            request,
            lambda: created.append(
                batches.batch_create(
                    subtask=subtask, by=request.user, **form.service_arguments()
                )
            ),
            _("The batch has been created. Import its units from a CSV."),
        )
        if ok:
            return redirect("engagements:batch_detail", created[0].pk)
    return render(
        request,
        "engagements/formats/batch_form.html",
        {"subtask": subtask, "form": form},
    )


@role_required(DIRECTOR)
def batch_detail(request, pk):
    batch = sel.get_batch_for_director(request.user, pk)
    return render(
        request,
        "engagements/formats/batch_detail.html",
        {
            "batch": batch,
            "progress": sel.batch_progress(batch),
            "figures": sel.worker_figures(batch),
            "appeal_count": sel.pending_appeals(batch).count(),
            "import_form": ImportForm(),
            "timeline": timeline_for(batch),
            "gold_prefix": batch_csv.GOLD_PREFIX,
        },
    )


@role_required(DIRECTOR)
def batch_progress(request, pk):
    """Polled every few seconds by the batch page's progress bar."""
    batch = sel.get_batch_for_director(request.user, pk)
    return JsonResponse(sel.batch_progress(batch))


@role_required(DIRECTOR)
@require_POST
def batch_import(request, pk):
    batch = sel.get_batch_for_director(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("engagements:batch_detail", batch.pk)
    data = form.cleaned_data["file"].read()
    counted = []
    attempt(
        request,
        lambda: counted.append(
            batches.batch_import_csv(batch=batch, by=request.user, data=data)
        ),
        _("The units have been imported."),
    )
    return redirect("engagements:batch_detail", batch.pk)


BATCH_ACTIONS = {
    "publish": (batches.batch_publish, gettext_lazy("The batch is open to workers.")),
    "pause": (batches.batch_pause, gettext_lazy("The batch is paused.")),
    "close": (
        batches.batch_close,
        gettext_lazy("The batch is closed and the subtask approved."),
    ),
}


@role_required(DIRECTOR)
@require_POST
def batch_state(request, pk):
    batch = sel.get_batch_for_director(request.user, pk)
    action = BATCH_ACTIONS.get(request.POST.get("action"))
    if action is None:
        raise Http404
    service, success = action
    options = {"withdraw_open": True} if request.POST.get("withdraw_open") else {}
    attempt(
        request,
        lambda: service(batch=batch, by=request.user, **options),
        str(success),
    )
    return redirect("engagements:batch_detail", batch.pk)


REVIEW_VIEWS = ("sample", "gold", "minority", "oldest")


@role_required(DIRECTOR)
def batch_review_page(request, pk):
    """Spot checks: a random sample (or gold misses, outvoted or oldest
    answers) to approve or reject together; or approve every answer."""
    batch = sel.get_batch_for_director(request.user, pk)
    view = request.GET.get("view", "sample")
    if view not in REVIEW_VIEWS:
        view = "sample"
    form = RejectForm(request.POST or None)
    if request.method == "POST" and _review_post(request, batch, form):
        return redirect(request.get_full_path())
    return render(
        request,
        "engagements/formats/batch_review.html",
        {
            "batch": batch,
            "view": view,
            "units": sel.units_for_review(batch, view=view),
            "form": form,
            "progress": sel.batch_progress(batch),
            "views": REVIEW_VIEWS,
        },
    )


def _review_post(request, batch, form) -> bool:
    ids = posted_ids(request.POST.getlist("unit"))
    decision = request.POST.get("decision")
    if decision == "approve_all":
        return attempt(
            request,
            lambda: batch_review.units_approve(batch=batch, by=request.user),
            _("Every answer waiting for review has been approved."),
        )
    if not ids:
        messages.error(request, _("Select the units first."))
        return False
    if decision == "approve":
        return attempt(
            request,
            lambda: batch_review.units_approve(
                batch=batch, by=request.user, unit_ids=ids
            ),
            _("The selected units have been approved."),
        )
    if not form.is_valid():
        messages.error(request, _("Choose a reason code."))
        return False
    return attempt(
        request,
        lambda: batch_review.units_reject(
            batch=batch, by=request.user, unit_ids=ids, **form.cleaned_data
        ),
        _("The selected units have been rejected; each worker was told why."),
    )


@role_required(DIRECTOR)
def batch_disputes(request, pk):
    """Rows whose answers found no majority: the director gives the answer."""
    batch = sel.get_batch_for_director(request.user, pk)
    if request.method == "POST":
        form = AnswerForm(batch, request.POST)
        row = posted_id(request.POST.get("row"))
        if form.is_valid() and row is not None:
            attempt(
                request,
                lambda: batch_review.row_resolve(
                    batch=batch,
                    by=request.user,
                    row_number=row,
                    answer=form.answer(),
                ),  # fmt: skip
                _("The row's answer has been decided."),
            )
        else:
            messages.error(request, _("Fill in every answer field."))
        return redirect("engagements:batch_disputes", batch.pk)
    return render(
        request,
        "engagements/formats/batch_disputes.html",
        {"batch": batch, "rows": sel.disputed_rows(batch), "form": AnswerForm(batch)},
    )


@role_required(DIRECTOR)
def batch_appeals(request, pk):
    batch = sel.get_batch_for_director(request.user, pk)
    if request.method == "POST":
        appeal = sel.pending_appeals(batch).filter(
            pk=posted_id(request.POST.get("appeal"))
        )
        appeal = appeal.first()
        if appeal is None:
            raise Http404
        form = AppealDecisionForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: batch_review.appeal_decide(
                    appeal=appeal, by=request.user, **form.cleaned_data
                ),
                _("The appeal has been decided and the worker told."),
            )
        else:
            messages.error(request, _("Choose a decision and write a note."))
        return redirect("engagements:batch_appeals", batch.pk)
    return render(
        request,
        "engagements/formats/batch_appeals.html",
        {
            "batch": batch,
            "appeals": sel.pending_appeals(batch),
            "form": AppealDecisionForm(),
        },
    )


@role_required(DIRECTOR)
def batch_results(request, pk):
    """Every unit's answer, worker and status; UTF-8 with BOM for Excel."""
    batch = sel.get_batch_for_director(request.user, pk)
    rows = batch_csv.results_rows(batch, sel.results_units(batch))
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="batch-{batch.pk}-results-{stamp}.csv"'
    )
    return response


# --- Worker ---------------------------------------------------------------------


@role_required(WORKER)
def worker_tasks(request):
    """Batches open to me, and my rejected units with their evidence."""
    return render(
        request,
        "engagements/formats/worker_tasks.html",
        {
            "batches": sel.batches_for_worker(user=request.user),
            "rejected": sel.rejected_units_for_worker(user=request.user)[:50],
        },
    )


@role_required(WORKER)
def worker_batch(request, pk):
    """Claim the next unit(s); my claimed units with the time left."""
    batch = sel.get_batch_for_worker(request.user, pk)
    form = ClaimForm(request.POST or None)
    form.fields["count"].max_value = format_setting("TASK_CLAIM_MAX")
    if request.method == "POST" and form.is_valid():
        claimed = []
        try:
            claimed = batches.units_claim(
                batch=batch, by=request.user, count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if claimed:
                messages.success(
                    request,
                    _("%(n)s units are yours until the time shown.")
                    % {"n": len(claimed)},
                )
                return redirect("engagements:worker_unit", claimed[0].pk)
            messages.info(request, _("No units are left to claim."))
        return redirect("engagements:worker_batch", batch.pk)
    return render(
        request,
        "engagements/formats/worker_batch.html",
        {
            "batch": batch,
            "form": form,
            "mine": sel.worker_units(user=request.user, batch=batch),
            "now": timezone.now(),
        },
    )


@role_required(WORKER)
def worker_unit(request, pk):
    """One claimed unit: its input, the answer form, the time left."""
    unit = sel.get_unit_for_worker(request.user, pk)
    batch = unit.batch
    form = AnswerForm(batch, request.POST or None)
    if request.method == "POST" and unit.state == TaskUnit.State.CLAIMED:
        if request.POST.get("release"):
            batches.unit_release(unit=unit, by=request.user)
            messages.info(request, _("The unit went back to the pool."))
            return redirect("engagements:worker_batch", batch.pk)
        if form.is_valid():
            ok = attempt(
                request,
                lambda: batches.unit_submit(
                    unit=unit, by=request.user, answer=form.answer()
                ),
                _("Your answer has been sent."),
            )
            if ok:
                return _next_unit(request, batch)
    return render(
        request,
        "engagements/formats/worker_unit.html",
        {
            "unit": unit,
            "batch": batch,
            "form": form,
            "inputs": [(name, unit.input.get(name, "")) for name in batch.input_fields],
            "appeal_form": AppealForm(),
            "appeal_until": batch_review.appeal_deadline(unit, batch),
        },
    )


def _next_unit(request, batch):
    following = (
        TaskUnit.objects.filter(
            batch=batch, claimed_by=request.user, state=TaskUnit.State.CLAIMED
        )
        .order_by("expires_at", "id")
        .first()
    )
    if following is not None:
        return redirect("engagements:worker_unit", following.pk)
    return redirect("engagements:worker_batch", batch.pk)


@role_required(WORKER)
@require_POST
def worker_appeal(request, pk):
    unit = sel.get_unit_for_worker(request.user, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: batch_review.unit_appeal(
                unit=unit, by=request.user, reason=form.cleaned_data["reason"]
            ),
            _("Your appeal has been sent to the director."),
        )
    else:
        messages.error(request, _("Write why the rejection is wrong."))
    return redirect("engagements:worker_unit", unit.pk)
