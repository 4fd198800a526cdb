"""Forms of the payout screens: each names what the service needs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprise import entry


class PayDateForm(entry.Form):
    pay_date = forms.DateField(
        label=_("Pay date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(entry.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class RescheduleForm(PayDateForm):
    reason = forms.CharField(
        label=_("Reason (needed when the date is flagged)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )


class WithholdingForm(ReasonForm):
    subject = forms.TypedChoiceField(
        label=_("Withholding"),
        choices=[("1", _("Withhold")), ("0", _("Do not withhold"))],
        coerce=lambda value: value == "1",
    )
    field_order = ["subject", "reason"]


class TransferForm(entry.Form):
    transferred = forms.IntegerField(
        label=_("Amount transferred (yen)"),
        min_value=0,
        required=False,
        help_text=_("Empty: the net payment on the statement."),
    )
    transfer_fee = forms.IntegerField(
        label=_("Transfer fee kept back (yen)"), min_value=0, initial=0
    )


class ReportYearForm(entry.Form):
    """The calendar year of the 支払調書."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
