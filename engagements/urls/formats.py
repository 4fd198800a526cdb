"""Competition, task-batch and hourly pages (director, worker, client)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from ..views import formats as batches
from ..views import formats_competition as contests
from ..views import formats_hourly as hours

urlpatterns = [
    # Director
    path("formats/", batches.formats_home, name="formats_home"),
    path(
        "formats/subtasks/<int:subtask_pk>/batch/",
        batches.batch_create,
        name="batch_create",
    ),
    path("formats/batches/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path(
        "formats/batches/<int:pk>/progress.json",
        batches.batch_progress,
        name="batch_progress",
    ),
    path("formats/batches/<int:pk>/import/", batches.batch_import, name="batch_import"),
    path("formats/batches/<int:pk>/state/", batches.batch_state, name="batch_state"),
    path(
        "formats/batches/<int:pk>/review/",
        batches.batch_review_page,
        name="batch_review",
    ),
    path(
        "formats/batches/<int:pk>/disputes/",
        batches.batch_disputes,
        name="batch_disputes",
    ),
    path(
        "formats/batches/<int:pk>/appeals/",
        batches.batch_appeals,
        name="batch_appeals",
    ),
    path(
        "formats/batches/<int:pk>/results.csv",
        batches.batch_results,
        name="batch_results",
    ),
    path(
        "formats/competitions/<int:pk>/",
        contests.competition_detail,
        name="competition_detail",
    ),
    path(
        "formats/competitions/<int:pk>/shortlist/",
        contests.competition_shortlist,
        name="competition_shortlist",
    ),
    path(
        "formats/competitions/<int:pk>/send-shortlist/",
        contests.competition_send_shortlist,
        name="competition_send_shortlist",
    ),
    path(
        "formats/competitions/<int:pk>/award/",
        contests.competition_award,
        name="competition_award",
    ),
    path("formats/entry-files/<int:pk>/", contests.entry_file, name="entry_file"),
    path(
        "formats/subtasks/<int:subtask_pk>/hourly/",
        hours.hourly_terms,
        name="hourly_terms",
    ),
    path("formats/timesheets/", hours.timesheet_list, name="timesheet_list"),
    path(
        "formats/timesheets/<int:pk>/", hours.timesheet_detail, name="timesheet_detail"
    ),
    # Worker
    path("formats/my/tasks/", batches.worker_tasks, name="worker_tasks"),
    path("formats/my/batches/<int:pk>/", batches.worker_batch, name="worker_batch"),
    path("formats/my/units/<int:pk>/", batches.worker_unit, name="worker_unit"),
    path(
        "formats/my/units/<int:pk>/appeal/",
        batches.worker_appeal,
        name="worker_appeal",
    ),
    path(
        "formats/my/competitions/",
        contests.worker_competitions,
        name="worker_competitions",
    ),
    path(
        "formats/my/competitions/<int:pk>/",
        contests.worker_competition,
        name="worker_competition",
    ),
    path("formats/my/hours/", hours.worker_hours, name="worker_hours"),
    path(
        "formats/my/hours/<int:pk>/",
        hours.worker_hours_subtask,
        name="worker_hours_subtask",
    ),
    path(
        "formats/my/hours/entries/<int:pk>/delete/",
        hours.worker_hours_delete,
        name="worker_hours_delete",
    ),
    # Client
    path(
        "formats/client/competitions/",
        contests.client_competitions,
        name="client_competitions",
    ),
    path(
        "formats/client/competitions/<int:pk>/",
        contests.client_competition,
        name="client_competition",
    ),
]

# For EngagementsConfig.navigation (the lead merges these in apps.py).
navigation = {
    "director": [
        ("engagements:formats_home", _("Competitions and tasks"), G.ENGAGEMENTS),
        ("engagements:timesheet_list", _("Weekly timesheets"), G.ENGAGEMENTS),
    ],
    "worker": [
        ("engagements:worker_tasks", _("Tasks"), G.WORK),
        ("engagements:worker_competitions", _("Competitions"), G.WORK),
        ("engagements:worker_hours", _("My hours"), G.WORK),
    ],
    "client": [
        ("engagements:client_competitions", _("Competition selection"), G.ENGAGEMENTS)
    ],
}
