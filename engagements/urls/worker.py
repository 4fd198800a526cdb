"""The worker portal, under /engagements/work/."""

from django.urls import path

from ..views import worker as views

urlpatterns = [
    path("work/", views.home, name="worker_home"),
    path("work/offers/", views.offer_list, name="worker_offers"),
    path(
        "work/offers/<int:pk>/accept/", views.offer_accept, name="worker_offer_accept"
    ),
    path(
        "work/offers/<int:pk>/decline/",
        views.offer_decline,
        name="worker_offer_decline",
    ),
    path("work/subtasks/", views.subtask_list, name="worker_subtasks"),
    path("work/subtasks/<int:pk>/", views.subtask_detail, name="worker_subtask"),
    path(
        "work/subtasks/<int:pk>/messages/",
        views.subtask_message,
        name="worker_subtask_message",
    ),
    path(
        "work/subtasks/<int:pk>/submit/",
        views.subtask_submit,
        name="worker_subtask_submit",
    ),
    path("work/ratings/", views.ratings, name="worker_ratings"),
    path("files/<int:pk>/", views.submission_file, name="submission_file"),
]
