from django.contrib import admin

from .models import FaqArticle


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
