from django.urls import path

from . import views, views_onboarding

app_name = "workers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/signup/", views_onboarding.signup, name="signup"),
    path("me/agreements/", views_onboarding.agreements, name="agreements"),
    path(
        "me/agreements/<int:pk>/accept/",
        views_onboarding.agreement_accept,
        name="agreement_accept",
    ),
    path(
        "agreements/accepted/<int:pk>/pdf/",
        views_onboarding.agreement_pdf,
        name="agreement_pdf",
    ),
    path("me/identity/", views_onboarding.identity, name="identity"),
    path("me/data/", views_onboarding.my_data, name="my_data"),
    path("me/leave/", views_onboarding.leave, name="leave"),
    path("identity/", views_onboarding.identity_queue, name="identity_queue"),
    path(
        "identity/<int:pk>/", views_onboarding.identity_review, name="identity_review"
    ),
    path(
        "identity/<int:pk>/file/", views_onboarding.identity_file, name="identity_file"
    ),
    path("import/", views_onboarding.worker_import, name="import"),
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
    path("<int:pk>/suspend/", views_onboarding.suspend, name="suspend"),
    path("<int:pk>/reinstate/", views_onboarding.reinstate, name="reinstate"),
    path("<int:pk>/bank/", views.bank_detail, name="bank_detail"),
    path("<int:pk>/incidents/new/", views.incident_new, name="incident_new"),
    path(
        "incidents/<int:pk>/resolve/", views.incident_resolve, name="incident_resolve"
    ),
]
