"""Billing in the admin: read-only. Invoices and credit notes are issued and
corrected through the finance screens (services), never edited here."""

from django.contrib import admin

from ..models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
    MonthCloseRun,
    Payment,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(ReadOnly, admin.TabularInline):
    model = InvoiceLine
    fields = [
        "position",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "amount",
        "tax_rate",
    ]


class PaymentInline(ReadOnly, admin.TabularInline):
    model = Payment
    fields = [
        "received_on",
        "amount",
        "discount",
        "discount_tax",
        "note",
        "recorded_by",
    ]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "__str__",
        "recipient_name",
        "issue_date",
        "total",
        "state",
        "due_date",
    ]
    list_filter = ["state", "close_period"]
    search_fields = ["number", "recipient_name", "client__legal_name"]
    date_hierarchy = "issue_date"
    inlines = [InvoiceLineInline, PaymentInline]


class CreditNoteLineInline(ReadOnly, admin.TabularInline):
    model = CreditNoteLine
    fields = ["position", "description", "amount", "tax_rate"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "recipient_name",
        "issue_date",
        "total",
        "original_number",
    ]
    search_fields = ["number", "recipient_name", "original_number"]
    date_hierarchy = "issue_date"
    inlines = [CreditNoteLineInline]


@admin.register(MonthCloseRun)
class MonthCloseRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "period",
        "state",
        "done",
        "total",
        "issued",
        "created_at",
        "started_by",
    ]
