"""Forms of the enterprise pages (the audit viewer's search)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import entry
from .entry import nfkc
from .selectors import project_models
from .widgets import PlainSelect


def object_type_choices() -> list[tuple[str, str]]:
    choices = [
        (f"{model._meta.app_label}.{model._meta.model_name}", model._meta.verbose_name)
        for model in project_models()
    ]
    return [("", _("Any"))] + sorted(choices, key=lambda choice: str(choice[1]))


def _clean_text(value: str) -> str:
    return nfkc(value).strip()


class AuditSearchForm(entry.Form):
    # A hundred model names: one template per option was a third of the page.
    object_type = forms.ChoiceField(
        label=_("Object type"), required=False, widget=PlainSelect
    )
    object_id = forms.CharField(
        label=_("ID or document number"), required=False, max_length=64
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Login name or part of the name."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("The start of the key, e.g. invoicing.invoice."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_type_choices()

    def clean_object_id(self):
        return _clean_text(self.cleaned_data["object_id"])

    def clean_person(self):
        return _clean_text(self.cleaned_data["person"])

    def clean_action(self):
        return _clean_text(self.cleaned_data["action"])

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        object_id = data.get("object_id") or ""
        if object_id.isdigit() and not data.get("object_type"):
            self.add_error("object_type", _("Choose the object type to search by ID."))
        return data
