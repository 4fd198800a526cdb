"""The documents ``manage.py render_pdf`` knows, by kind.

Each kind says how to list its documents and how to get one's PDF: the
stored file when it was rendered already (an issued document never changes),
otherwise rendered and stored first through the kind's own service. To add a
kind, add an entry to ``DOCUMENTS``; the command needs no change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from enterprise.entry import posted_id
from enterprise.money import format_yen


class DocumentNotFound(LookupError):
    """No document of that kind has that number or id."""


@dataclass(frozen=True)
class DocumentKind:
    """``listing()`` yields one line per document (its id first);
    ``pdf(ident)`` returns ``(file name, bytes)`` for a number or a pk."""

    listing: Callable[[], Iterable[str]]
    pdf: Callable[[str], tuple[str, bytes]]


def find(queryset: QuerySet, ident: str, number_field: str | None = "number") -> Model:
    """The row whose number is ``ident``, or whose pk is ``ident`` if digits."""
    ident = str(ident).strip()
    match = None
    if number_field:
        match = queryset.filter(**{number_field: ident}).first()
    if match is None and posted_id(ident) is not None:
        match = queryset.filter(pk=posted_id(ident)).first()
    if match is None:
        raise DocumentNotFound(ident)
    return match


def read_stored(document: Model, field: str = "pdf") -> bytes:
    with getattr(document, field).open("rb") as handle:
        return handle.read()


def _stored_or_rendered(document: Model, field: str, render: Callable) -> bytes:
    if not getattr(document, f"{field}_sha256"):
        render(document)
        document.refresh_from_db(fields=[field, f"{field}_sha256"])
    return read_stored(document, field)


# --- quote and order confirmation (engagements) --------------------------------


def _quotes(**filters) -> QuerySet:
    from engagements.models import Quote

    return (
        Quote.objects.exclude(number="")
        .filter(**filters)
        .select_related("engagement__client")
        .order_by("number")
    )


def _quote_line(quote) -> str:
    return f"{quote.number}\t{quote.engagement.client}\t{format_yen(quote.total)}"


def _quote_pdf(ident: str) -> tuple[str, bytes]:
    from engagements.tasks import render_quote_pdf

    quote = find(_quotes(), ident)
    content = _stored_or_rendered(quote, "pdf", lambda q: render_quote_pdf(q.pk))
    return f"{quote.number}.pdf", content


def _order_confirmation_pdf(ident: str) -> tuple[str, bytes]:
    from engagements.tasks import render_order_confirmation_pdf

    quote = find(_quotes(state="accepted"), ident)
    content = _stored_or_rendered(
        quote,
        "order_confirmation_pdf",
        lambda q: render_order_confirmation_pdf(q.pk),
    )
    return f"{quote.number}-order-confirmation.pdf", content


# --- master agreement (clients) --------------------------------------------------


def _agreements() -> QuerySet:
    from clients.models import MasterAgreement

    return MasterAgreement.objects.order_by("pk")


def _agreement_pdf(ident: str) -> tuple[str, bytes]:
    from clients.services import master_agreement_store_pdf

    agreement = find(_agreements(), ident, number_field=None)
    content = _stored_or_rendered(
        agreement,
        "pdf",
        lambda a: master_agreement_store_pdf(agreement_id=a.pk),
    )
    return f"master-agreement-{agreement.pk}.pdf", content


# --- worker agreement acceptance (workers) --------------------------------------


def _worker_agreements() -> QuerySet:
    from workers.models import AgreementAcceptance

    return AgreementAcceptance.objects.select_related("user").order_by("pk")


def _worker_agreement_line(a) -> str:
    return (
        f"{a.pk}\t{a.user.username}\t{a.kind}\tv{a.version}\t"
        f"{a.accepted_at:%Y-%m-%d %H:%M}\t{a.text_sha256}"
    )


def _worker_agreement_pdf(ident: str) -> tuple[str, bytes]:
    from workers.services.onboarding import agreement_acceptance_store_pdf

    acceptance = find(_worker_agreements(), ident, number_field=None)
    content = _stored_or_rendered(
        acceptance,
        "pdf",
        lambda a: agreement_acceptance_store_pdf(acceptance_id=a.pk),
    )
    return (
        f"agreement-{acceptance.kind}-v{acceptance.version}-{acceptance.pk}.pdf",
        content,
    )


# --- invoice and credit note (billing) -------------------------------------------


def _invoices() -> QuerySet:
    from .models import Invoice

    return Invoice.objects.exclude(state=Invoice.State.DRAFT).order_by("number")


def _credit_notes() -> QuerySet:
    from .models import CreditNote

    return CreditNote.objects.order_by("number")


def _billing_line(document) -> str:
    return (
        f"{document.number}\t{document.issue_date:%Y-%m-%d}\t"
        f"{document.recipient_name}\t{format_yen(document.total)}"
    )


def _billing_pdf(queryset: Callable[[], QuerySet]):
    def pdf(ident: str) -> tuple[str, bytes]:
        from .services.billing_documents import stored_pdf

        document = find(queryset(), ident)
        return f"{document.number}.pdf", stored_pdf(document)

    return pdf


# --- worker order and payout statement (payouts) ---------------------------------


def _payout_document(kind: str) -> DocumentKind:
    def module():
        from .services.payouts import documents

        return documents

    return DocumentKind(
        listing=lambda: module().listing(kind),
        pdf=lambda ident: module().pdf_file(kind, ident),
    )


DOCUMENTS: dict[str, DocumentKind] = {
    "quote": DocumentKind(
        listing=lambda: map(_quote_line, _quotes()),
        pdf=_quote_pdf,
    ),
    "order_confirmation": DocumentKind(
        listing=lambda: map(_quote_line, _quotes(state="accepted")),
        pdf=_order_confirmation_pdf,
    ),
    "master_agreement": DocumentKind(
        listing=lambda: (
            f"{a.pk}\t{a.client_name}\tv{a.version}\t{a.signed_on:%Y-%m-%d}"
            for a in _agreements()
        ),
        pdf=_agreement_pdf,
    ),
    "worker_agreement": DocumentKind(
        listing=lambda: map(_worker_agreement_line, _worker_agreements()),
        pdf=_worker_agreement_pdf,
    ),
    "invoice": DocumentKind(
        listing=lambda: map(_billing_line, _invoices()),
        pdf=_billing_pdf(_invoices),
    ),
    "credit_note": DocumentKind(
        listing=lambda: map(_billing_line, _credit_notes()),
        pdf=_billing_pdf(_credit_notes),
    ),
    "worker_order": _payout_document("worker_order"),
    "payout_statement": _payout_document("payout_statement"),
}
