"""Forms of the competition, task-batch and hourly pages (input only: the
rules are in the services)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprise import entry
from enterprise.models import Skill
from enterprise.money import format_yen
from workers.models import CertificationLevel

from .models import QuoteLine, TaskBatch, TaskUnit
from .services.batches import BATCH_FIELDS
from .services.formats import format_setting


def _names(value: str) -> list[str]:
    """'店名, 住所' or one per line -> ['店名', '住所']."""
    parts = value.replace("、", ",").replace("\n", ",").split(",")
    return [part.strip() for part in parts if part.strip()]


class BatchForm(entry.ModelForm):
    input_names = forms.CharField(
        label=_("Input columns"),
        help_text=_("The CSV's column names, separated by commas."),
    )
    answer_names = forms.CharField(
        label=_("Answer fields"),
        help_text=_(
            "What the worker fills in, separated by commas. A CSV column named "
            "“gold:” followed by an answer field's name gives a check unit's "
            "known answer."
        ),
    )

    class Meta:
        model = TaskBatch
        fields = ["instructions", "unit_reward", *BATCH_FIELDS]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_skill"].queryset = Skill.objects.select_related(
            "category"
        )
        self.fields["required_level"].queryset = CertificationLevel.objects.all()
        self.order_fields(["instructions", "input_names", "answer_names"])
        for name in ("auto_approve_days", "appeal_days", "rejection_cap_min"):
            self.fields[name].initial = format_setting(f"TASK_{name.upper()}")
        self.fields["rejection_cap_rate"].initial = format_setting(
            "TASK_REJECTION_CAP_RATE"
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["input_fields"] = _names(data.pop("input_names"))
        data["answer_fields"] = _names(data.pop("answer_names"))
        return data


class ImportForm(entry.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 (with or without BOM) or Shift_JIS; the first line names "
            "the columns."
        ),
    )


class ClaimForm(entry.Form):
    count = forms.IntegerField(
        label=_("Units to claim"), min_value=1, max_value=20, initial=1
    )


class AnswerForm(entry.Form):
    """One text field per answer field of the batch."""

    def __init__(self, batch: TaskBatch, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, name in enumerate(batch.answer_fields):
            self.fields[f"a{index}"] = forms.CharField(label=name, max_length=2000)
        self.names = list(batch.answer_fields)

    def answer(self) -> dict:
        return {
            name: self.cleaned_data[f"a{index}"]
            for index, name in enumerate(self.names)
        }


class RejectForm(entry.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason code"), choices=TaskUnit.RejectReason.choices
    )
    note = forms.CharField(
        label=_("Note shown to the worker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required except for the known-answer and majority codes."),
    )
    escalation_note = forms.CharField(
        label=_("Escalation note (past a worker's rejection cap)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(entry.Form):
    reason = forms.CharField(
        label=_("Why the rejection is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealDecisionForm(entry.Form):
    uphold = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold: approve and pay")), ("0", _("Dismiss"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the worker"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompetitionOpenForm(entry.Form):
    participation_reward = forms.IntegerField(
        label=_("Participation reward per shortlisted entry (yen)"),
        min_value=0,
        initial=0,
        help_text=_("Paid to shortlisted entries that are not adopted. 0: none."),
    )
    loser_file_days = forms.IntegerField(
        label=_("Days the other entries' files are kept"),
        min_value=1,
        max_value=365,
        initial=30,
    )


class FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = FilesInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned = []
        for upload in uploads:  # a loop: super() needs the method's own frame
            if upload:
                cleaned.append(super().clean(upload, initial))
        if not cleaned and self.required:
            raise forms.ValidationError(self.error_messages["required"])
        return cleaned


class EntryForm(entry.Form):
    files = FilesField(label=_("Files"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AwardForm(entry.Form):
    message = forms.CharField(
        label=_("Message to the other entrants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuoteLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.description} {format_yen(obj.unit_price)}/{obj.unit}"


class HourlyTermsForm(entry.Form):
    hourly_rate = forms.IntegerField(
        label=_("Hourly rate (yen, excl. tax)"), min_value=1
    )
    weekly_cap_hours = forms.DecimalField(
        label=_("Weekly cap (hours)"), min_value=Decimal("0.25"), max_value=168,
        decimal_places=2,
    )  # fmt: skip
    client_quote_line = QuoteLineChoiceField(
        queryset=QuoteLine.objects.none(),
        label=_("Client billed by the hour at"),
        required=False,
        empty_label=_("No hourly line: the client pays the quoted price"),
    )
    approval_days = forms.IntegerField(
        label=_("Days to approve a week"), min_value=1, max_value=30, initial=3
    )

    def __init__(self, *args, hourly_lines, **kwargs):
        """``hourly_lines``: the hourly lines of the accepted quote, the only
        client rates there are (a client rate is never typed)."""
        super().__init__(*args, **kwargs)
        field = self.fields["client_quote_line"]
        field.queryset = hourly_lines
        if not hourly_lines.exists():
            field.disabled = True
            field.help_text = _(
                "The accepted quote has no line billed by the hour: the client "
                "pays the quoted price."
            )


class TimeEntryForm(entry.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_value=24, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
    )  # fmt: skip
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2})
    )


class WeekApproveForm(entry.Form):
    override_reason = forms.CharField(
        label=_("Reason to approve hours over the cap"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: hours over the weekly cap are not paid."),
    )


class WeekQuestionForm(entry.Form):
    question = forms.CharField(
        label=_("Question to the worker"), widget=forms.Textarea(attrs={"rows": 2})
    )
