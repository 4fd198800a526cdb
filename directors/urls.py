from django.urls import path

from .views import dashboard, roster

app_name = "directors"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Sales (or a superuser) puts a director in charge.
    path(
        "engagements/<int:pk>/supervision/", roster.supervision, name="supervision"
    ),
    # The roster.
    path("roster/", roster.roster, name="roster"),
    path("roster/new/", roster.roster_add, name="roster_add"),
    path("roster/<int:pk>/", roster.roster_edit, name="roster_edit"),
]
