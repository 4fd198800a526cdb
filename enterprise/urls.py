from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import views

admin.site.site_header = _("Motouke administration")
admin.site.site_title = _("Motouke")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("clients/", include("clients.urls")),
    path("workers/", include("workers.urls")),
    path("directors/", include("directors.urls")),
    path("engagements/", include("engagements.urls")),
    path("invoicing/", include("invoicing.urls")),
    path("api/", include("api.urls")),
]
