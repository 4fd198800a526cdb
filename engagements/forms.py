"""Forms of the sales screens and the client portal. They parse input; the
services decide (the worker portal's forms are in forms_worker.py)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from enterprise import entry
from enterprise.money import format_yen
from enterprise.roles import DIRECTOR
from enterprise.widgets import NameChoiceField

from .models import CatalogueItem, Engagement, QuoteLine
from .services.quotes import LineInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TAX_RATES = [
    (Decimal("0.10"), _("10%")),
    (Decimal("0.08"), _("8% (reduced rate)")),
]


class EngagementFilterForm(entry.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *Engagement.State.choices],
    )
    client = NameChoiceField(  # a thousand clients
        label=_("Client"),
        required=False,
        queryset=None,
        empty_label=_("All clients"),
        label_field="legal_name",
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class EngagementForm(entry.ModelForm):
    """The intake: who orders what, with the structured order form.

    Only active clients are offered; a client picked by its id (a link from
    its company page, an old form) that may not order is refused by the
    intake service with the reason.
    """

    class Meta:
        model = Engagement
        fields = [
            "client",
            "title",
            "category",
            "purpose",
            "deliverables",
            "acceptance_criteria",
            "reference_material",
            "constraints",
            "deadline",
            "budget",
            "revision_limit",
        ]
        widgets = {
            "deadline": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
            "acceptance_criteria": forms.Textarea(attrs={"rows": 3}),
            "reference_material": forms.Textarea(attrs={"rows": 2}),
            "constraints": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "acceptance_criteria": _(
                "What the client checks before accepting the delivery (検収)."
            ),
            "budget": _("The client's budget for the work, in yen before tax."),
        }

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["client"]
        # Validation accepts any client the person may see, so the service
        # can say why a suspended one may not order; the list offers only
        # the active ones.
        field.queryset = clients
        active = clients.filter(state="active").order_by("legal_name_kana", "id")
        field.choices = [("", "---------")] + [(c.pk, str(c)) for c in active]
        self.fields["budget"].widget.attrs["min"] = 0


class ReasonForm(entry.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class NoteForm(entry.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def directors():
    return (
        get_user_model()
        .objects.filter(groups__name=DIRECTOR, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


class DirectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DirectorForm(entry.Form):
    director = DirectorChoiceField(label=_("Director"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["director"].queryset = directors()


class QuoteForm(entry.Form):
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET)
    notes = forms.CharField(
        label=_("Notes on the quote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    cancellation_percent = forms.IntegerField(
        label=_("Billed on cancellation (% of the approved work's quoted value)"),
        min_value=0,
        max_value=100,
        initial=100,
        required=False,  # left empty: the whole approved share is billed
    )

    def clean(self):
        data = super().clean()
        percent = data.pop("cancellation_percent", None)
        data["cancellation_rate"] = Decimal(100 if percent is None else percent) / 100
        return data


class QuoteLineForm(entry.Form):
    description = forms.CharField(label=_("Description"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        initial=Decimal("1"),
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, initial="式")
    unit_price = forms.IntegerField(label=_("Unit price (yen)"), min_value=0)
    tax_rate = forms.TypedChoiceField(
        label=_("Tax rate"),
        choices=TAX_RATES,
        coerce=entry.to_decimal,
        initial=TAX_RATES[0][0],
    )
    catalogue_item = forms.ModelChoiceField(
        queryset=CatalogueItem.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    billed_hourly = forms.BooleanField(
        label=_("Billed by the approved hours (hourly rate)"),
        required=False,
    )
    billing = forms.ChoiceField(
        label=_("Billed"),
        choices=QuoteLine.Billing.choices,
        initial=QuoteLine.Billing.COMPLETION,
        required=False,  # older forms and API clients: billed on completion
    )

    def has_changed(self) -> bool:
        # A blank line stays blank whatever its billing choice says (a form
        # posted without the choice is a blank line too).
        return any(name != "billing" for name in self.changed_data)

    def line(self) -> LineInput:
        data = self.cleaned_data
        item = data["catalogue_item"]
        return LineInput(
            description=data["description"],
            quantity=data["quantity"],
            unit=data["unit"],
            unit_price=data["unit_price"],
            tax_rate=data["tax_rate"],
            catalogue_item_id=item.pk if item else None,
            billed_hourly=data["billed_hourly"],
            billing=data["billing"] or QuoteLine.Billing.COMPLETION,
        )


class BaseQuoteLineFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # A line left as it was shown (blank, with the default quantity, unit
        # and rate) is skipped wherever it stands, not only after the lines
        # the editor was opened with.
        return {"empty_permitted": True}

    def lines(self) -> list[LineInput]:
        return [
            form.line()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm,
    formset=BaseQuoteLineFormSet,
    extra=0,
    can_delete=True,
    max_num=100,
    absolute_max=100,
)


class CatalogueAddForm(entry.Form):
    """Pick a standard package to add as a line (標準価格, seed report §7.3)."""

    item = forms.ModelChoiceField(
        label=_("Standard package"), queryset=None, required=False
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = queryset
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.category} / {item.name} {format_yen(item.unit_price)}/{item.unit}"
        )


class AcceptQuoteForm(entry.Form):
    confirm = forms.BooleanField(
        label=_("I have read the quote and order the work on these terms.")
    )
