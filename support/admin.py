"""The operator edits ticket categories and their SLA targets here; tickets
and disputes change only through the desk's screens (and their services)."""

from django.contrib import admin

from .models import DeliveryRating, FaqArticle, TicketCategory


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


@admin.register(FaqArticle)
class FaqArticleAdmin(admin.ModelAdmin):
    """Support staff write the help centre here."""

    list_display = ("title", "audience", "published", "position", "updated_at")
    list_filter = ("audience", "published")
    list_editable = ("published", "position")
    search_fields = ("title", "body")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DeliveryRating)
class DeliveryRatingAdmin(admin.ModelAdmin):
    """Clients' ratings of deliveries, to read (they are given in the portal)."""

    list_display = ("delivery", "rating", "rated_by", "rated_at")
    list_filter = ("rating",)
    list_select_related = ("delivery__engagement", "rated_by")
    search_fields = ("comment", "delivery__engagement__title")
    readonly_fields = ("delivery", "rating", "comment", "rated_by", "rated_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
