from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditLog, Skill, User, WorkCategory

admin.site.register(User, UserAdmin)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "actor",
        "object_id",
        "from_state",
        "to_state",
    ]
    list_filter = ["action"]
    search_fields = ["action", "object_id", "reason"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkCategory)
class WorkCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "category"]
    list_filter = ["category"]
