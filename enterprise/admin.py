from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .accounts import admin as _accounts_admin  # noqa: F401 (registers it)
from .models import (
    AuditLog,
    OperatorProfile,
    OutboxMessage,
    Skill,
    TaxRate,
    Threshold,
    TransitionalCreditRate,
    User,
    WithholdingRule,
    WorkCategory,
)

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


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["code", "rate", "valid_from", "valid_to", "note"]
    list_filter = ["code"]


@admin.register(WithholdingRule)
class WithholdingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "valid_to",
        "base_rate",
        "threshold",
        "upper_rate",
        "upper_base",
        "note",
    ]


@admin.register(TransitionalCreditRate)
class TransitionalCreditRateAdmin(admin.ModelAdmin):
    list_display = ["rate", "valid_from", "valid_to", "note"]


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ["code", "value", "unit", "valid_from", "valid_to", "note"]
    list_filter = ["code", "unit"]


@admin.register(OperatorProfile)
class OperatorProfileAdmin(admin.ModelAdmin):
    """One row: it can be edited, never added twice or deleted."""

    fieldsets = [
        (
            _("Company"),
            {
                "fields": [
                    "legal_name",
                    "registration_number",
                    "postal_code",
                    "address",
                    "phone",
                    "document_contact",
                    "seal_image",
                ]
            },
        ),
        (
            _("Account shown on invoices"),
            {
                "fields": [
                    "invoice_bank_name",
                    "invoice_branch_name",
                    "invoice_account_type",
                    "invoice_account_number",
                    "invoice_account_holder",
                ]
            },
        ),
        (
            _("Bank transfer file (Zengin)"),
            {
                "fields": [
                    "zengin_sender_code",
                    "zengin_sender_name",
                    "paying_bank_code",
                    "paying_bank_name",
                    "paying_branch_code",
                    "paying_branch_name",
                    "paying_account_type",
                    "paying_account_number",
                ]
            },
        ),
        (
            _("Accounting and invoices"),
            {
                "fields": [
                    "fiscal_year_start_month",
                    "default_tax_rounding",
                    "invoice_number_prefix",
                    "unregistered_worker_tax",
                ]
            },
        ),
        (
            _("Worker payouts"),
            {
                "fields": [
                    "payout_closing_day",
                    "payout_month_offset",
                    "payout_pay_day",
                    "payout_holiday_rule",
                ]
            },
        ),
        (
            _("Director pay"),
            {
                "fields": [
                    "director_pay_mode",
                    "director_review_fee",
                    "director_fee_share",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not OperatorProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Follow-up work waiting for the broker (read-only: the sweep sends it)."""

    list_display = ("created_at", "task_name", "args", "sent_at", "attempts")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), "task_name")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
