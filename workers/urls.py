from django.urls import path

from . import views

app_name = "workers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/bank/", views.bank_edit, name="bank_edit"),
    path("me/skills/", views.skills, name="skills"),
    path("me/skills/<int:skill_id>/remove/", views.skill_remove, name="skill_remove"),
    path("me/tests/", views.test_list, name="tests"),
    path("me/tests/<int:pk>/", views.test_take, name="test_take"),
    path("me/attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("me/certification/", views.certification, name="certification"),
    path("search/", views.search, name="search"),
    path("recommend/", views.recommend, name="recommend"),
    path("bank-accounts/", views.bank_account_list, name="bank_accounts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bank/", views.bank_detail, name="bank_detail"),
    path("<int:pk>/incidents/new/", views.incident_new, name="incident_new"),
    path(
        "incidents/<int:pk>/resolve/", views.incident_resolve, name="incident_resolve"
    ),
]
