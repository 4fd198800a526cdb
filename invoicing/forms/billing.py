"""Forms of the finance screens: they parse input; the services decide."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from enterprise import entry
from enterprise.calendar import add_months
from enterprise.widgets import MonthSelect, NameChoiceField, PlainSelect

from ..models import Invoice
from ..selectors.billing import InvoiceFilter

# A month is picked from a list (the last two years and the next month).
PERIOD_FIELD = {"widget": MonthSelect}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def last_month(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    year, month = add_months(today.year, today.month, -1)
    return f"{year:04d}-{month:02d}"


class PeriodField(forms.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
            error_messages={"invalid": _("Enter the period as YYYY-MM, e.g. 2026-03.")},
            **PERIOD_FIELD,
            **kwargs,
        )

    def to_python(self, value):
        return entry.nfkc(super().to_python(value)).strip()

    def validate(self, value):
        super().validate(value)
        if value and self.regex.match(value):
            entry.validate_period(value)


class SearchForm(entry.Form):
    """E-bookkeeping search: date range, amount range, client, combined."""

    date_from = forms.DateField(
        label=_("Issued from"), required=False, widget=DATE_WIDGET
    )
    date_to = forms.DateField(label=_("Issued to"), required=False, widget=DATE_WIDGET)
    amount_min = forms.IntegerField(
        label=_("Amount from (yen)"), required=False, min_value=0
    )
    amount_max = forms.IntegerField(
        label=_("Amount to (yen)"), required=False, min_value=0
    )
    client = NameChoiceField(  # a thousand clients
        label=_("Client"),
        queryset=Client.objects.order_by("legal_name_kana", "id"),
        required=False,
        label_field="legal_name",
    )

    def clean(self):
        data = super().clean()
        for low, high in (("date_from", "date_to"), ("amount_min", "amount_max")):
            low_value, high_value = data.get(low), data.get(high)
            if None not in (low_value, high_value) and low_value > high_value:
                self.add_error(high, _("The end of a range comes after its start."))
        return data

    def to_filter(self, **extra) -> InvoiceFilter:
        data = self.cleaned_data if self.is_valid() else {}
        client = data.get("client")
        return InvoiceFilter(
            client_id=client.pk if client else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            **extra,
        )


class InvoiceFilterForm(SearchForm):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All"))] + list(Invoice.State.choices),
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    field_order = [
        "state",
        "client",
        "date_from",
        "date_to",
        "amount_min",
        "amount_max",
    ]

    def to_filter(self, **extra) -> InvoiceFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return super().to_filter(
            state=data.get("state", ""), overdue=data.get("overdue", False), **extra
        )


class PaymentForm(entry.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    amount = forms.IntegerField(label=_("Amount received (yen)"), min_value=0)
    discount = forms.IntegerField(
        label=_("Deducted by the client (yen)"),
        min_value=0,
        initial=0,
        help_text=_("e.g. a transfer fee the client deducted. Under ¥10,000 only."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CreditNoteForm(entry.Form):
    RATES = [("0.10", "10%"), ("0.08", _("8% (reduced rate)"))]

    issue_date = forms.DateField(label=_("Refund date"), widget=DATE_WIDGET)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.IntegerField(label=_("Amount incl. tax (yen)"), min_value=1)
    tax_rate = forms.TypedChoiceField(
        label=_("Tax rate"), choices=RATES, coerce=entry.to_decimal, initial="0.10"
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        # Shown beside the payment form on the invoice page: its own ids, so
        # each "amount" label names its own input.
        kwargs.setdefault("auto_id", "id_credit_%s")
        super().__init__(*args, **kwargs)


class PeriodForm(entry.Form):
    period = PeriodField(label=_("Month"))


JOURNAL_FORMAT_CHOICES = [
    ("yayoi", _("Yayoi (弥生会計)")),
    ("freee", _("freee")),
    ("moneyforward", _("MoneyForward (マネーフォワード クラウド会計)")),
]


class JournalExportForm(PeriodForm):
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=JOURNAL_FORMAT_CHOICES,
        initial="yayoi",
        required=False,
    )

    def clean_fmt(self):
        return self.cleaned_data["fmt"] or "yayoi"


class EarlyCloseForm(entry.Form):
    """臨時締め: one client with completed work not yet invoiced."""

    client = forms.ModelChoiceField(
        label=_("Client to close early"),
        queryset=Client.objects.none(),
        widget=PlainSelect,  # a thousand clients
        help_text=_(
            "Invoices what this client has completed up to today, before its "
            "closing date. Work completed later in the period goes on the "
            "next period's invoice."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = (
            Client.objects.filter(engagements__state="completed")
            .distinct()
            .order_by("legal_name_kana", "id")
        )
