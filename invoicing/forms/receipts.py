"""Forms of the receivables screens: bank statement upload, matching a
credit by hand, the aging report's date and the receipt settings."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from enterprise import entry
from enterprise.widgets import NameChoiceField

from ..models import BankCsvLayout, ReceivablesSettings
from .billing import DATE_WIDGET

MAX_STATEMENT_BYTES = 5 * 1024 * 1024


class StatementUploadForm(entry.Form):
    file = forms.FileField(label=_("Statement file"))
    layout = forms.ModelChoiceField(
        label=_("Format"),
        queryset=BankCsvLayout.objects.all(),
        required=False,
        empty_label=_("Zengin (200 bytes: transfer notice or account statement)"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class CreditMatchForm(entry.Form):
    client = NameChoiceField(  # a thousand clients
        label=_("Client"),
        queryset=Client.objects.order_by("legal_name_kana", "id"),
        label_field="legal_name",
    )
    invoice_number = forms.CharField(
        label=_("Invoice number (optional: paid first)"),
        max_length=40,
        required=False,
    )
    remember = forms.BooleanField(
        label=_("Remember this payer name for the client"),
        required=False,
        initial=True,
    )

    def clean_invoice_number(self):
        return entry.nfkc(self.cleaned_data["invoice_number"]).strip().upper()


class AgingForm(entry.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)

    def as_of_date(self):
        if self.is_bound and self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()


class ReceivablesSettingsForm(entry.ModelForm):
    class Meta:
        model = ReceivablesSettings
        fields = ["fee_tolerance"]

    def clean_fee_tolerance(self):
        value = self.cleaned_data["fee_tolerance"]
        # A deduction of ¥10,000 or more is no transfer fee (and would need
        # a credit note as a discount, 消費税法57条の4第3項).
        if value > 9_999:
            raise forms.ValidationError(_("Enter an amount under ¥10,000."))
        return value


class DunningStepForm(entry.Form):
    days_after_due = forms.IntegerField(
        label=_("Days after the due date"), min_value=1, max_value=365
    )
    title = forms.CharField(label=_("Title of the reminder"), max_length=100)
