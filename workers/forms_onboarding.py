"""Forms of joining: identity upload and decision, suspension, CSV import."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from enterprise import entry

from .models import IdentityCheck

IDENTITY_EXTENSIONS = {".jpg", ".jpeg", ".png", ".pdf"}
IDENTITY_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class IdentityUploadForm(entry.Form):
    document_kind = forms.ChoiceField(
        label=_("Document"), choices=IdentityCheck.DocumentKind.choices
    )
    document = forms.FileField(
        label=_("File"),
        help_text=_("A photo or scan (JPEG, PNG or PDF), up to 10 MB."),
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if PurePath(upload.name).suffix.lower() not in IDENTITY_EXTENSIONS:
            raise ValidationError(_("Upload a JPEG, PNG or PDF file."))
        if upload.size > IDENTITY_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(IDENTITY_MAX_BYTES)}
            )
        return upload


class ReasonForm(entry.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalReasonForm(entry.Form):
    reason = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WorkerImportForm(entry.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Shift_JIS. Columns: email, username, legal_name, "
            "legal_name_kana, display_name, kind (individual or corporation)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(IMPORT_MAX_BYTES)}
            )
        return upload
