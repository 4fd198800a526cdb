"""Receivables in the admin: the operator's settings (CSV layouts, dunning
steps, the fee tolerance) are edited here; statements and credits are read."""

from django.contrib import admin

from ..models import (
    BankCredit,
    BankCsvLayout,
    BankStatement,
    DunningLetter,
    DunningStep,
    PayerName,
    ReceivablesSettings,
)
from .billing import ReadOnly


@admin.register(ReceivablesSettings)
class ReceivablesSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fee_tolerance"]


@admin.register(BankCsvLayout)
class BankCsvLayoutAdmin(admin.ModelAdmin):
    list_display = ["name", "encoding", "date_column", "amount_column"]


@admin.register(DunningStep)
class DunningStepAdmin(admin.ModelAdmin):
    list_display = ["days_after_due", "title"]


@admin.register(PayerName)
class PayerNameAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "client", "taught_by", "created_at"]
    raw_id_fields = ["client", "taught_by"]


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["filename", "format", "state", "total", "issued", "created_at"]


@admin.register(BankCredit)
class BankCreditAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["booked_on", "reference", "payer_name", "amount", "state"]
    list_filter = ["state"]


@admin.register(DunningLetter)
class DunningLetterAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["invoice", "step", "issue_date", "balance"]
