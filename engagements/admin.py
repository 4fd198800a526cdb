from django.contrib import admin

from enterprise import entry

from .models import (
    CatalogueItem,
    ChecklistItem,
    Engagement,
    Quote,
    QuoteLine,
    ScreeningKeyword,
    Subtask,
)


@admin.register(ScreeningKeyword)
class ScreeningKeywordAdmin(admin.ModelAdmin):
    list_display = ["phrase", "reason", "active"]
    list_filter = ["active"]
    search_fields = ["phrase", "reason"]


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    form = entry.ModelForm  # numbers and dates bounded as in the pages
    list_display = ["name", "category", "unit", "unit_price", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "category", "position"]
    list_filter = ["category"]


class ReadOnlyStateAdmin(admin.ModelAdmin):
    form = entry.ModelForm  # numbers and dates bounded as in the pages
    """States change only through the services (and their audit rows)."""

    readonly_fields = ["state"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyStateAdmin):
    list_display = ["title", "client", "category", "state", "director", "deadline"]
    list_filter = ["state", "category"]
    search_fields = ["title", "client__legal_name"]
    list_select_related = ["client", "category", "director"]
    raw_id_fields = ["client", "sales_owner", "director"]


@admin.register(Subtask)
class SubtaskAdmin(ReadOnlyStateAdmin):
    list_display = ["title", "engagement", "state", "assignee", "reward", "due_at"]
    list_filter = ["state", "work_format"]
    list_select_related = ["engagement", "assignee"]
    raw_id_fields = ["engagement", "assignee", "offered_to", "required_skill"]


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["engagement", "revision", "state", "total", "valid_until"]
    list_filter = ["state"]
    inlines = [QuoteLineInline]
    readonly_fields = [f.name for f in Quote._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False
