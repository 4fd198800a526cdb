"""The e-bookkeeping search and a worker's upload of their own invoice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprise import entry

from ..selectors.ebooks import KINDS, DocumentFilter
from .billing import DATE_WIDGET, SearchForm

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class DocumentSearchForm(SearchForm):
    """Date range, amount range and counterparty, in any combination: the
    invoice search's ranges, with any counterparty's name (a client or a
    worker) instead of the client list, and the kinds of document."""

    client = None
    counterparty = forms.CharField(
        label=_("Counterparty (part of the name)"), required=False, max_length=100
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of document"),
        choices=list(KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_counterparty(self):
        return entry.nfkc(self.cleaned_data["counterparty"]).strip()

    def to_filter(self) -> DocumentFilter:
        data = self.cleaned_data
        return DocumentFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            counterparty=data.get("counterparty", ""),
            kinds=tuple(data.get("kinds") or ()),
        )


class ReceivedDocumentForm(entry.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    document_date = forms.DateField(label=_("Date of the document"), widget=DATE_WIDGET)
    amount = forms.IntegerField(label=_("Amount incl. tax (yen)"), min_value=1)
    file = forms.FileField(label=_("PDF"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(5)
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
            raise forms.ValidationError(_("Upload the invoice as a PDF."))
        return upload
