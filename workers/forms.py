from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprise import entry
from enterprise.models import Skill, WorkCategory
from enterprise.widgets import PlainSelect

from . import services
from .models import BankAccount, CertificationLevel, Incident, WorkerProfile
from .numbers import normalise_registration_number
from .services.profiles import PROFILE_FIELDS

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(entry.ModelForm):
    class Meta:
        model = WorkerProfile
        fields = PROFILE_FIELDS
        widgets = {"away_until": DateInput()}

    def clean_registration_number(self):
        return normalise_registration_number(self.cleaned_data["registration_number"])

    def clean(self):
        data = super().clean()
        if data.get("availability") == WorkerProfile.Availability.AWAY and not data.get(
            "away_until"
        ):
            self.add_error("away_until", _("Enter the date you will be back."))
        return data


def _digits(label, max_length, help_text):
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class BankAccountForm(entry.Form):
    bank_code = _digits(_("Bank code"), 4, _("4 digits, e.g. 0001 for Mizuho."))
    branch_code = _digits(_("Branch code"), 3, _("3 digits."))
    account_type = forms.TypedChoiceField(
        label=_("Account type"), choices=BankAccount.AccountType.choices, coerce=int
    )
    account_number = _digits(
        _("Account number"),
        7,
        _("Up to 7 digits; shorter numbers are padded with zeros."),
    )
    holder_name = forms.CharField(
        label=_("Account holder (kana)"),
        max_length=60,
        help_text=_("As registered with the bank, in kana, e.g. ヤマダ タロウ."),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.normalised = services.bank_details(**data)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name, messages)
        return data


class SkillForm(entry.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.select_related("category")
    )
    self_level = forms.TypedChoiceField(
        label=_("Level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("1 (beginner) to 5 (expert), by your own assessment."),
    )


class SkillTestForm(entry.Form):
    """One radio group per question; the choices in the author's order."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{q.pk}"] for q in self.questions]


def _min_level():
    return forms.TypedChoiceField(
        label=_("Level at least"),
        choices=[("", "—"), *LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=PlainSelect,
    )


class WorkerSearchForm(entry.Form):
    """The directors' worker search filters. Each select is a PlainSelect
    (the same HTML): Django's template per option was a third of the page."""

    text = forms.CharField(label=_("Name"), required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.select_related("category"),
        required=False,
        widget=PlainSelect,
    )
    min_level = _min_level()
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=WorkCategory.objects.all(),
        required=False,
        widget=PlainSelect,
    )
    level = forms.ModelChoiceField(
        label=_("Certification at least"),
        queryset=CertificationLevel.objects.all(),
        required=False,
        widget=PlainSelect,
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[("", "—"), *WorkerProfile.Availability.choices],
        required=False,
        widget=PlainSelect,
    )
    min_capacity_left = forms.IntegerField(
        label=_("Free slots at least"), min_value=0, required=False
    )


class RecommendForm(entry.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.select_related("category")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=WorkCategory.objects.all(),
        required=False,
        help_text=_("Empty: the skill's category."),
    )
    min_level = _min_level()


class IncidentForm(entry.ModelForm):
    class Meta:
        model = Incident
        fields = ["kind", "occurred_at", "subtask_ref", "engagement_ref", "description"]
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class IncidentResolveForm(entry.Form):
    resolution = forms.CharField(
        label=_("Resolution notes"), widget=forms.Textarea(attrs={"rows": 4})
    )
