"""Admin for paying workers: the operator edits fee policies and the
withholding table; orders, lines and statements are read here, changed only
through the services (an issued document is final)."""

from django.contrib import admin

from ..models import (
    CategoryWithholding,
    PayoutLine,
    PayoutStatement,
    WorkerFeePolicy,
    WorkerOrder,
)


@admin.register(WorkerFeePolicy)
class WorkerFeePolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "work_format", "kind", "rate")
    list_filter = ("kind", "work_format")


@admin.register(CategoryWithholding)
class CategoryWithholdingAdmin(admin.ModelAdmin):
    list_display = ("category_code", "skill_code", "subject", "basis")
    list_filter = ("subject",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerOrder)
class WorkerOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "version", "state", "worker_name", "reward", "order_date")
    list_filter = ("state",)
    search_fields = ("number", "worker_name", "title")


@admin.register(PayoutLine)
class PayoutLineAdmin(ReadOnlyAdmin):
    list_display = ("description", "worker", "kind", "amount", "pay_date", "state")
    list_filter = ("state", "kind")
    date_hierarchy = "pay_date"


@admin.register(PayoutStatement)
class PayoutStatementAdmin(ReadOnlyAdmin):
    list_display = ("number", "worker_name", "pay_date", "gross", "net", "state")
    list_filter = ("state",)
    search_fields = ("number", "worker_name")
    date_hierarchy = "pay_date"
