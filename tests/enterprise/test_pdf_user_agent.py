"""Documents render with a lean user-agent stylesheet (enterprise/pdf_css.py)
and come out exactly as with WeasyPrint's stock one."""

from io import StringIO
from pathlib import Path

import pytest
import weasyprint
from django.conf import settings
from django.core.management import call_command

from enterprise.pdf import _font_config, render_html
from enterprise.pdf_css import (
    PATCHED_VERSION,
    DocumentHTML,
    _style_texts,
    document_class,
)


def _documents():
    """(template, context) of one document of each kind the demo issues."""
    from clients.documents import TEMPLATE as AGREEMENT
    from clients.documents import master_agreement_context
    from clients.models import MasterAgreement
    from engagements.documents import quote_context
    from engagements.models import Quote
    from invoicing.models import CreditNote, Invoice, PayoutStatement, WorkerOrder
    from invoicing.services import billing_documents as billing
    from invoicing.services.payouts import documents as payouts
    from workers.documents import TEMPLATE as ACCEPTANCE
    from workers.documents import agreement_acceptance_context
    from workers.models import AgreementAcceptance

    invoice = max(Invoice.objects.exclude(number=""), key=lambda i: i.lines.count())
    quote = Quote.objects.exclude(number="").order_by("pk").first()
    return [
        (billing.INVOICE_TEMPLATE, billing.invoice_context(invoice)),
        (
            billing.CREDIT_NOTE_TEMPLATE,
            billing.credit_note_context(CreditNote.objects.first()),
        ),
        ("pdf/quote.html", quote_context(quote)),
        ("pdf/order_confirmation.html", quote_context(quote)),
        (
            payouts.ORDER_TEMPLATE,
            payouts.worker_order_context(WorkerOrder.objects.first()),
        ),
        (
            payouts.STATEMENT_TEMPLATE,
            payouts.payout_statement_context(PayoutStatement.objects.first()),
        ),
        (AGREEMENT, master_agreement_context(MasterAgreement.objects.first())),
        (
            ACCEPTANCE,
            agreement_acceptance_context(AgreementAcceptance.objects.first()),
        ),
    ]


def _pdf(html_class, html: str) -> bytes:
    document = html_class(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(font_config=_font_config())


@pytest.mark.skipif(
    weasyprint.__version__ != PATCHED_VERSION, reason="the stock sheet is used"
)
@pytest.mark.django_db
def test_every_document_is_byte_for_byte_the_same_as_with_the_stock_sheet():
    # Stronger than comparing pages rasterised with pdftoppm: the same bytes.
    call_command("seed_demo", stdout=StringIO())
    assert document_class() is DocumentHTML
    documents = _documents()
    assert all(context for _template, context in documents)
    for template, context in documents:
        html = render_html(template, context)
        stock = _pdf(weasyprint.HTML, html)
        assert _pdf(DocumentHTML, html) == stock, template


def test_list_items_are_still_marked():
    # ::marker now applies to li only: a list keeps its bullets.
    html = (
        '<html style="font-family: sans-serif"><body><ul><li>一</li><li>二</li>'
        "</ul><p>三<br>四</p></body></html>"
    )
    assert _pdf(DocumentHTML, html) == _pdf(weasyprint.HTML, html)


def _document_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [*base.glob("*/templates/pdf/*.html"), *base.glob("templates/pdf/*.html")]


def test_documents_use_no_footnotes_notes_or_other_list_items():
    # What the lean sheet leaves out (the footnote and note pseudo-elements,
    # markers of list items other than li) shows only in documents that
    # float content into footnotes or notes or make other list items.
    templates = _document_templates()
    assert len(templates) >= 10
    for path in templates:
        text = path.read_text()
        for word in ("footnote", "note-", "float: note", "list-item", "::marker"):
            assert word not in text, f"{path}: {word}"


@pytest.mark.skipif(
    weasyprint.__version__ != PATCHED_VERSION, reason="the stock sheet is used"
)
def test_a_shared_stylesheet_is_never_another_documents():
    # Each <style> is parsed once per process and shared by the documents
    # with the same text; one with other text gets its own.
    assert document_class() is DocumentHTML
    pages = [
        f"<html><head><style>p {{ color: {colour}; font-size: 20pt }}</style></head>"
        f"<body><p>請求書</p></body></html>"
        for colour in ("red", "blue", "red")
    ]
    red, blue, red_again = (_pdf(DocumentHTML, page) for page in pages)
    assert red == red_again == _pdf(weasyprint.HTML, pages[0])
    assert blue == _pdf(weasyprint.HTML, pages[1]) != red


@pytest.mark.parametrize(
    "head",
    [
        "<style>@font-face { font-family: Own; src: url(own.woff) }</style>",
        "<style>@counter-style own { system: cyclic; symbols: x }</style>",
        "<style>@layer base { p { color: red } }</style>",
        '<style>@import url("other.css");</style>',
        '<style media="screen">p { color: red }</style>',
        '<link rel="stylesheet" href="other.css">',
    ],
)
def test_a_sheet_that_records_into_its_document_is_parsed_for_it(head):
    # Fonts, counter styles and layers are kept with the document they were
    # parsed for: such a sheet is not shared (nor one WeasyPrint fetches).
    page = f"<html><head><style>p {{ margin: 0 }}</style>{head}</head></html>"
    assert _style_texts(DocumentHTML(string=page).wrapper_element) is None
    plain = DocumentHTML(string="<html><head><style>p { margin: 0 }</style>")
    assert _style_texts(plain.wrapper_element) == ["p { margin: 0 }"]
