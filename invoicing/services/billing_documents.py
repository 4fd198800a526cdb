"""The invoice (適格請求書) and credit note (適格返還請求書) PDFs.

Rendered by Celery tasks after the document is issued, stored with their
SHA-256, never rendered again: asking for an issued document's PDF a second
time returns the stored file (電子帳簿保存法: the issued data is kept as is).
Rendering is slow, so it happens before the row is locked; the lock then lets
only the first of two concurrent runs store its file.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from enterprise.pdf import render_pdf, store_document

from ..models import CreditNote, Invoice
from .billing import BillingError

INVOICE_TEMPLATE = "pdf/invoice.html"
CREDIT_NOTE_TEMPLATE = "pdf/credit_note.html"


def _has_reduced(lines) -> bool:
    return any(line.reduced_rate for line in lines)


def invoice_context(invoice: Invoice) -> dict:
    """Everything the invoice shows comes from the invoice's own snapshot."""
    lines = list(invoice.lines.all())
    return {
        "invoice": invoice,
        "lines": lines,
        "tax_rows": invoice.tax_rows,
        "has_reduced": _has_reduced(lines),
    }


def credit_note_context(note: CreditNote) -> dict:
    lines = list(note.lines.all())
    return {
        "note": note,
        "lines": lines,
        "tax_rows": note.tax_rows,
        "has_reduced": _has_reduced(lines),
    }


def _store_once(model, pk: int, template: str, context_for, filename: str) -> str:
    document = model.objects.get(pk=pk)
    if document.pdf_sha256:
        return document.pdf_sha256
    content = render_pdf(template, context_for(document))
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        if document.pdf_sha256:
            return document.pdf_sha256
        return store_document(
            document, "pdf", filename.format(number=document.number), content
        )


def invoice_store_pdf(*, invoice_id: int) -> str:
    """Render and store an issued invoice's PDF once; returns its SHA-256.
    A draft has no PDF (BillingError): it is not a document yet."""
    if Invoice.objects.filter(pk=invoice_id, state=Invoice.State.DRAFT).exists():
        raise BillingError(_("A draft invoice has no PDF."))
    return _store_once(
        Invoice, invoice_id, INVOICE_TEMPLATE, invoice_context, "{number}.pdf"
    )


def credit_note_store_pdf(*, credit_note_id: int) -> str:
    """Render and store a credit note's PDF once; returns its SHA-256."""
    return _store_once(
        CreditNote,
        credit_note_id,
        CREDIT_NOTE_TEMPLATE,
        credit_note_context,
        "{number}.pdf",
    )


def stored_pdf(document) -> bytes:
    """The stored PDF's bytes (rendered and stored first if it is missing)."""
    if not document.pdf_sha256:
        if isinstance(document, Invoice):
            invoice_store_pdf(invoice_id=document.pk)
        else:
            credit_note_store_pdf(credit_note_id=document.pk)
        document.refresh_from_db(fields=["pdf", "pdf_sha256"])
    with document.pdf.open("rb") as handle:
        return handle.read()
