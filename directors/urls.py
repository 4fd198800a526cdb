from django.urls import path

from .views import board, dashboard, review, roster

app_name = "directors"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reviews/", dashboard.review_queue, name="review_queue"),
    path("engagements/", dashboard.engagement_list, name="engagements"),
    # The decomposition board of one engagement and its actions.
    path("engagements/<int:pk>/", board.engagement_board, name="engagement"),
    path(
        "engagements/<int:pk>/start-planning/",
        board.start_planning,
        name="start_planning",
    ),
    path("engagements/<int:pk>/subtasks/", board.subtask_add, name="subtask_add"),
    path("engagements/<int:pk>/start-work/", board.start_work, name="start_work"),
    path("engagements/<int:pk>/deliver/", board.deliver, name="deliver"),
    path("engagements/<int:pk>/cancel/", board.cancel, name="cancel"),
    # Sales (or a superuser) puts a director in charge.
    path("engagements/<int:pk>/supervision/", roster.supervision, name="supervision"),
    # One subtask: edit, assignment panel, review page and their actions.
    path("subtasks/<int:pk>/edit/", board.subtask_edit, name="subtask_edit"),
    path("subtasks/<int:pk>/assign/", board.assignment_panel, name="assign"),
    path("subtasks/<int:pk>/offer/", board.offer, name="offer"),
    path("subtasks/<int:pk>/reoffer/", board.reoffer, name="reoffer"),
    path("subtasks/<int:pk>/review/", review.review, name="review"),
    path("subtasks/<int:pk>/approve/", review.approve, name="approve"),
    path("subtasks/<int:pk>/revision/", review.request_revision, name="revision"),
    path("subtasks/<int:pk>/reject/", review.reject, name="reject"),
    path("subtasks/<int:pk>/escalate/", review.escalate, name="escalate"),
    path("subtasks/<int:pk>/paid-round/", review.paid_round, name="paid_round"),
    path("subtasks/<int:pk>/messages/", review.message, name="message"),
    path("files/<int:pk>/", review.submission_file, name="file"),
    path("files/<int:pk>/preview/", review.submission_preview, name="file_preview"),
    # The roster.
    path("roster/", roster.roster, name="roster"),
    path("roster/new/", roster.roster_add, name="roster_add"),
    path("roster/<int:pk>/", roster.roster_edit, name="roster_edit"),
]
