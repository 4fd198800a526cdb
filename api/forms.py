from django import forms
from django.utils.translation import gettext_lazy as _

from enterprise.events import EVENTS

from .models import ApiKey

EVENT_CHOICES = [(e, e) for e in EVENTS]


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ApiKey.Scope.choices, initial=ApiKey.Scope.READ
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("http(s) only"),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
