"""The superuser lifts a lockout from the admin (audited)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import lockout
from .models import LoginLockout, SignupPolicy


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "failures",
        "last_failure_at",
        "last_failure_ip",
        "locked_until",
    ]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = [f.name for f in LoginLockout._meta.fields]
    actions = ["lift"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Lift the lockout"))
    def lift(self, request, queryset):
        lifted = sum(
            lockout.lockout_lift(
                user=row.user, by=request.user, reason="admin: lockout lifted"
            )
            for row in queryset.select_related("user")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d account unlocked.",
                "%(count)d accounts unlocked.",
                lifted,
            )
            % {"count": lifted},
            messages.SUCCESS,
        )


@admin.register(SignupPolicy)
class SignupPolicyAdmin(admin.ModelAdmin):
    """One row: open registration or invitation only, and retention periods."""

    list_display = [
        "registration",
        "identity_retention_days",
        "leaver_anonymise_days",
    ]

    def has_add_permission(self, request):
        return not SignupPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
