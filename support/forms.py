"""Forms of the support desk. They parse and normalise input; the services
decide."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from engagements.forms_worker import MultipleFileField
from enterprise import entry
from enterprise.roles import SALES, SUPPORT

from .models import OutcomeKind, Party, Ticket, TicketCategory


def _check_files(files) -> list:
    limits = settings.ENGAGEMENTS
    for upload in files or []:
        if upload.size > limits["UPLOAD_MAX_BYTES"]:
            raise forms.ValidationError(
                _("%(name)s is larger than %(size)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(limits["UPLOAD_MAX_BYTES"]),
                }
            )
    return files


def _message_field(label):
    return forms.CharField(
        label=label,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "data-faq-suggest": ""}),
    )


class TicketForm(entry.Form):
    """One form for an inquiry: category, subject, message, files."""

    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    title = forms.CharField(label=_("Subject"), max_length=200)
    body = _message_field(_("Message"))
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        categories = TicketCategory.objects.filter(active=True, team="support")
        if audience == "client":
            categories = categories.filter(for_clients=True)
        elif audience == "worker":
            categories = categories.filter(for_workers=True)
        self.fields["category"].queryset = categories

    def clean_files(self):
        return _check_files(self.cleaned_data.get("files"))


def _people(role):
    return get_user_model().objects.filter(groups__name=role, is_active=True)


class OnBehalfForm(TicketForm):
    """Staff write a ticket for someone who phoned or mailed."""

    requester = forms.ModelChoiceField(
        label=_("Requester"),
        queryset=get_user_model()
        .objects.filter(groups__name__in=["client", "worker"], is_active=True)
        .distinct(),
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in Ticket.Channel.choices if c[0] != "portal"],
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Ticket.Priority.choices, initial="normal"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, audience="staff", **kwargs)
        self.order_fields(["requester", "channel", "priority", "category"])


class WorkRequestForm(entry.Form):
    """A client's request for new work: the structured order form."""

    title = forms.CharField(label=_("What do you need?"), max_length=200)
    category = forms.ModelChoiceField(label=_("Kind of work"), queryset=None)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deliverables = forms.CharField(
        label=_("Deliverables"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    acceptance_criteria = forms.CharField(
        label=_("How will you check the result?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    budget = forms.IntegerField(label=_("Budget (yen, excl. tax)"), min_value=1)

    def __init__(self, *args, **kwargs):
        from enterprise.models import WorkCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = WorkCategory.objects.all()


class ReplyForm(entry.Form):
    body = _message_field(_("Reply"))
    files = MultipleFileField(label=_("Attachments"), required=False)
    internal = forms.BooleanField(
        label=_("Internal note (not shown to the requester)"), required=False
    )
    wait = forms.BooleanField(
        label=_("Wait for the requester's answer"), required=False
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]
            del self.fields["wait"]

    def clean_files(self):
        return _check_files(self.cleaned_data.get("files"))


class AssignForm(entry.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        required=False,
        queryset=get_user_model()
        .objects.filter(groups__name__in=[SUPPORT, SALES], is_active=True)
        .distinct(),
        empty_label=_("Nobody (back to the queue)"),
    )


class RatingForm(entry.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the support?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisputeOpenForm(entry.Form):
    client = forms.ModelChoiceField(
        label=_("Client party"), required=False, queryset=None
    )
    worker = forms.ModelChoiceField(
        label=_("Worker party"), required=False, queryset=_people("worker")
    )

    def __init__(self, *args, **kwargs):
        from clients.models import Client

        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.all()
        self.fields["worker"].queryset = _people("worker")


class ClaimForm(entry.Form):
    prefix = "claim"
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    statement = forms.CharField(
        label=_("Claim"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.IntegerField(
        label=_("Amount claimed (yen)"), required=False, min_value=0
    )


class EvidenceForm(entry.Form):
    prefix = "evidence"
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    note = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("File"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        _check_files([upload] if upload else [])
        return upload


class OutcomeForm(entry.Form):
    """The outcome and what it applies to; the choices are this dispute's."""

    prefix = "outcome"

    kind = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in OutcomeKind.choices if c[0] != "payout_reduced"],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.IntegerField(
        label=_("Amount (yen, incl. tax for a credit note)"),
        required=False,
        min_value=1,
    )
    invoice = forms.ModelChoiceField(
        label=_("Invoice to credit"), required=False, queryset=None
    )
    payout_line = forms.ModelChoiceField(
        label=_("Payout line (held to release, scheduled to hold)"),
        required=False,
        queryset=None,
    )
    subtask = forms.ModelChoiceField(
        label=_("Subtask for an extra round"), required=False, queryset=None
    )

    def __init__(self, *args, dispute, **kwargs):
        from engagements.models import Subtask
        from invoicing.models import Invoice, PayoutLine

        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = Invoice.objects.filter(
            client_id=dispute.client_id
        ).exclude(state="draft")
        self.fields["payout_line"].queryset = PayoutLine.objects.filter(
            worker_id=dispute.worker_id,
            state__in=[PayoutLine.State.HELD, PayoutLine.State.SCHEDULED],
        )
        subtasks = Subtask.objects.none()
        if dispute.client_id:
            subtasks = Subtask.objects.filter(engagement__client_id=dispute.client_id)
        elif dispute.worker_id:
            subtasks = Subtask.objects.filter(assignee_id=dispute.worker_id)
        self.fields["subtask"].queryset = subtasks
