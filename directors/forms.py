"""Forms of the director pages. They parse input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from engagements.models import Review, Subtask
from enterprise import entry
from enterprise.models import Skill
from enterprise.roles import DIRECTOR
from enterprise.widgets import RatingSelect
from workers.models import CertificationLevel

from .models import DirectorProfile

RATINGS = [(n, str(n)) for n in range(5, 0, -1)]
SORTS = {
    "deadline": ["deadline", "pk"],
    "-created": ["-created_at", "-pk"],
    "title": ["title", "pk"],
    "state": ["state", "deadline", "pk"],
}


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ReasonForm(entry.Form):
    reason = forms.CharField(label=_("Reason"), widget=_textarea(), max_length=2000)


class NoteForm(entry.Form):
    note = forms.CharField(label=_("Note"), widget=_textarea(), max_length=4000)


class StartWorkForm(entry.Form):
    over_budget_reason = forms.CharField(
        label=_("Why start over budget"),
        required=False,
        widget=_textarea(2),
        max_length=2000,
        help_text=_("Needed when the rewards exceed the budget."),
    )


class DeliverForm(entry.Form):
    note = forms.CharField(
        label=_("Delivery note to the client"), widget=_textarea(4), max_length=4000
    )


class SubtaskForm(entry.ModelForm):
    """Add a subtask or change an open one (its terms are fixed once offered)."""

    required_skill = forms.ModelChoiceField(
        label=_("Required skill"),
        queryset=Skill.objects.select_related("category").order_by(
            "category__sort_order", "sort_order", "code"
        ),
        help_text=_("Workers are recommended by this skill."),
    )
    required_level = forms.ChoiceField(label=_("Required certification"))
    due_at = forms.DateTimeField(
        label=_("Due"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    class Meta:
        model = Subtask
        fields = [
            "title",
            "instructions",
            "deliverable_spec",
            "required_skill",
            "required_level",
            "reward",
            "due_at",
            "revisions_included",
        ]
        widgets = {
            "instructions": _textarea(4),
            "deliverable_spec": _textarea(3),
            "reward": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_skill"].label_from_instance = lambda s: (
            f"{s.category.label} / {s.label}"
        )
        self.fields["required_level"].choices = [
            ("", _("None")),
            *((level.code, level.label) for level in CertificationLevel.objects.all()),
        ]
        self.fields["required_level"].required = False

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OfferForm(entry.Form):
    worker = forms.IntegerField(widget=forms.HiddenInput)


class ReofferForm(entry.Form):
    worker = forms.TypedChoiceField(label=_("Offer to"), coerce=int)
    reason = forms.CharField(
        label=_("Why the subtask is taken back"), widget=_textarea(2), max_length=2000
    )

    def __init__(self, *args, recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            (rec.worker.pk, f"{rec.profile.display_name} ({rec.score})")
            for rec in recommendations
        ]


class ApproveForm(entry.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATINGS, coerce=int, widget=RatingSelect
    )
    checklist = forms.TypedMultipleChoiceField(
        label=_("Checked"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, checklist_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(checklist_items)
        self.fields["checklist"].choices = [(i.pk, i.text) for i in self.items]

    def checklist_result(self) -> dict:
        """{check text: ticked} for every item, kept on the review."""
        ticked = set(self.cleaned_data.get("checklist") or [])
        return {item.text: item.pk in ticked for item in self.items}


class RevisionForm(entry.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("What to change"), widget=_textarea(3), max_length=4000
    )


class RejectForm(entry.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput)
    reason_code = forms.ChoiceField(
        label=_("Reason code"), choices=Review.RejectReason.choices
    )
    reason = forms.CharField(label=_("Reason"), widget=_textarea(2), max_length=4000)


class PaidRoundForm(entry.Form):
    price = forms.IntegerField(
        label=_("Price the client agreed to (yen, excl. tax)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("How the client agreed"), widget=_textarea(2), max_length=2000
    )


class MessageForm(entry.Form):
    body = forms.CharField(label=_("Message"), widget=_textarea(3), max_length=4000)


class QueueFilterForm(entry.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    order = forms.ChoiceField(
        label=pgettext_lazy("sort order", "Order"),
        required=False,
        choices=[("oldest", _("Waiting longest first")), ("newest", _("Newest first"))],
    )


class EngagementFilterForm(entry.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("deadline", _("Deadline")),
            ("-created", _("Newest first")),
            ("title", _("Title")),
            ("state", _("State")),
        ],
    )

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *states]


def _director_users():
    return (
        get_user_model()
        .objects.filter(groups__name=DIRECTOR, is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


class RosterForm(entry.ModelForm):
    """Add a director to the roster (the user is picked) or change an entry."""

    user = forms.ModelChoiceField(label=_("Director"), queryset=None)

    class Meta:
        model = DirectorProfile
        fields = ["user", "kind", "active", "max_engagements", "note"]
        widgets = {"note": _textarea(2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = _director_users().filter(
                director_profile__isnull=True
            )
            self.fields["user"].label_from_instance = lambda u: u.display_name

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("user", self.instance.user if self.instance.pk else None)
        return data


class SupervisionForm(entry.Form):
    director = forms.ModelChoiceField(label=_("Director"), queryset=None)
    reason = forms.CharField(
        label=_("Reason for the handover"),
        required=False,
        widget=_textarea(2),
        max_length=2000,
        help_text=_("Needed when another director supervises it now."),
    )

    def __init__(self, *args, roster=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [p.user_id for p in roster]
        self.fields["director"].queryset = _director_users().filter(pk__in=ids)
        self.fields["director"].label_from_instance = lambda u: u.display_name
