"""The operator edits ticket categories and their SLA targets here; tickets
and disputes change only through the desk's screens (and their services)."""

from django.contrib import admin

from .models import TicketCategory


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "team",
        "first_response_hours",
        "resolution_hours",
        "active",
        "sort_order",
    ]
    list_editable = ["first_response_hours", "resolution_hours", "active"]
    list_filter = ["team", "active"]
