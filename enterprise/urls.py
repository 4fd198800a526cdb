from allauth.account import views as account_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import audit_views, views

admin.site.site_header = _("Motouke administration")
admin.site.site_title = _("Motouke")

urlpatterns = [
    path("", views.home, name="home"),
    # allauth's pages, under the names the rest of the code uses.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url="/accounts/set-password/done/"
        ),
        name="password_set",
    ),
    path(
        "accounts/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_log_csv, name="audit_log_csv"),
    path("admin/", admin.site.urls),
    path("clients/", include("clients.urls")),
    path("workers/", include("workers.urls")),
    path("directors/", include("directors.urls")),
    path("engagements/", include("engagements.urls")),
    path("invoicing/", include("invoicing.urls")),
    path("support/", include("support.urls")),
    path("api/", include("api.urls")),
]
