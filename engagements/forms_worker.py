"""Forms of the worker portal: answers to offers, the thread, submissions."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from enterprise import entry

from .services.work import validate_upload


class DeclineForm(entry.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(entry.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(d, initial) for d in uploads]
        return [upload for upload in cleaned if upload]


def _upload_help() -> str:
    limits = settings.ENGAGEMENTS
    return _("Up to %(size)s per file. Allowed: %(types)s") % {
        "size": filesizeformat(limits["UPLOAD_MAX_BYTES"]),
        "types": " ".join(sorted(limits["UPLOAD_EXTENSIONS"])),
    }


class SubmissionForm(entry.Form):
    files = MultipleFileField(label=_("Files"), required=False)
    note = forms.CharField(
        label=_("Note to the director"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _upload_help()

    def clean_files(self):
        """Each file against the service's limits, so the refusal is shown
        next to the field; the service checks again before storing."""
        files = self.cleaned_data["files"]
        problems = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        return files
