"""Forms of the sales screens. They parse and normalise input; the services
decide."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from enterprise import entry
from enterprise.roles import SALES

from . import numbers
from .models import MONTH_END, CheckResult, Client, ScreeningCheck
from .services import EDITABLE_FIELDS


def _day_choices():
    return [(MONTH_END, _("Month end"))] + [
        (day, _("Day %(day)s") % {"day": day}) for day in range(1, 29)
    ]


NORMALISED_FIELDS = ("corporate_number", "registration_number", "postal_code")
INPUT_MAX_LENGTH = 30
MONTH_CHOICES = [
    (0, _("The same month")),
    (1, _("The next month")),
    (2, _("The month after next")),
    (3, _("Three months later")),
]


class ClientForm(entry.ModelForm):
    """Create or edit a client. The fee rate is typed as a percentage."""

    closing_day = forms.TypedChoiceField(
        label=_("Closing day"), coerce=int, choices=_day_choices
    )
    payment_month_offset = forms.TypedChoiceField(
        label=_("Payment month"), coerce=int, choices=MONTH_CHOICES
    )
    payment_day = forms.TypedChoiceField(
        label=_("Payment day"), coerce=int, choices=_day_choices
    )
    direction_fee_percent = forms.DecimalField(
        label=_("Direction fee rate (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=Decimal(10),
        help_text=_("Of the work subtotal, when the fee is a rate."),
    )

    field_order = [
        "direction_fee_percent" if f == "direction_fee_rate" else f
        for f in EDITABLE_FIELDS
    ]

    class Meta:
        model = Client
        fields = [f for f in EDITABLE_FIELDS if f != "direction_fee_rate"]
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "placeholder": "100-0001"}
            ),
            "corporate_number": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sales_owner"].queryset = get_user_model().objects.filter(
            groups__name=SALES, is_active=True
        )
        self.fields["sales_owner"].label_from_instance = lambda u: u.display_name
        # What people type (〒, full-width, dashes) is longer than what is
        # stored; the model's length rules apply after normalising.
        for name in NORMALISED_FIELDS:
            field = self.fields[name]
            field.max_length = INPUT_MAX_LENGTH
            field.widget.attrs["maxlength"] = str(INPUT_MAX_LENGTH)
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
        if self.instance.pk:
            self.initial["direction_fee_percent"] = (
                self.instance.direction_fee_rate * 100
            ).normalize()

    def clean_corporate_number(self):
        return numbers.clean_corporate_number(self.cleaned_data["corporate_number"])

    def clean_registration_number(self):
        value = self.cleaned_data["registration_number"]
        return numbers.clean_registration_number(value) if value else ""

    def clean_postal_code(self):
        return numbers.clean_postal_code(self.cleaned_data["postal_code"])

    def clean_legal_name_kana(self):
        return numbers.clean_kana(self.cleaned_data["legal_name_kana"])

    def clean(self):
        data = super().clean()
        percent = data.get("direction_fee_percent")
        if percent is not None:
            # Not a model field of the form: set it where model validation and
            # the service both see it.
            data["direction_fee_rate"] = self.instance.direction_fee_rate = (
                percent / 100
            ).quantize(Decimal("0.0001"))
        return data

    def service_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in EDITABLE_FIELDS}


class ReasonForm(entry.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, reason_required=False, confirm_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if confirm_label:
            # A destructive step asks twice: the reason, then this box.
            self.fields["confirm"] = forms.BooleanField(
                label=confirm_label,
                error_messages={"required": _("Tick the box to confirm.")},
            )


class CheckForm(entry.Form):
    kind = forms.ChoiceField(label=_("Check"), choices=ScreeningCheck.Kind.choices)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in CheckResult.choices if c[0] != CheckResult.PENDING],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Source checked, or why it failed."),
    )


class WatchlistForm(entry.Form):
    flag = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("I confirm: new engagements of this client will need approval."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        # Putting a client on the list is the destructive step: confirm it.
        if data.get("flag") and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm."))
        return data


class InviteForm(entry.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    department = forms.CharField(label=_("Department"), max_length=100, required=False)


class AgreementForm(entry.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    counter_signatory_name = forms.CharField(
        label=_("Client signatory"), max_length=100
    )
    counter_signatory_title = forms.CharField(
        label=_("Client signatory title"), max_length=100
    )
    operator_signatory_name = forms.CharField(
        label=_("Operator signatory"), max_length=100
    )
    operator_signatory_title = forms.CharField(
        label=_("Operator signatory title"), max_length=100
    )
    terms = forms.CharField(
        label=_("Terms"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("One article per paragraph; its first line is the heading."),
    )


class SearchForm(entry.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Name, kana or corporate number")}
        ),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *Client.State.choices],
    )
