"""An issued document's PDF is sent only while it is the file that was issued:
its SHA-256 recorded at rendering. A file changed on disk (or gone) is never
sent; staff see why, a client or worker a plain 404, and the audit log keeps
a row. Every PDF download view goes through the same check."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from clients.models import MasterAgreement
from engagements.models import Quote
from enterprise.models import AuditLog
from enterprise.pdf import store_document
from invoicing.models import CreditNote, Invoice, PayoutStatement, WorkerOrder

pytestmark = pytest.mark.django_db

ISSUED = b"%PDF-1.4 the issued document"
TAMPERED = b"%PDF-1.4 the issued document, with another bank account"


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def as_user(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def stored(document, field="pdf"):
    store_document(document, field, "document.pdf", ISSUED)
    document.refresh_from_db()
    return document


def overwrite(document, field="pdf", content=TAMPERED):
    Path(getattr(document, field).path).write_bytes(content)


def tamper_rows(document):
    return AuditLog.objects.filter(
        action="enterprise.document.tamper_detected", object_id=str(document.pk)
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def _issued_invoice_of_client_a():
    return (
        Invoice.objects.exclude(state=Invoice.State.DRAFT)
        .filter(client__contacts__user__username="client-a")
        .first()
    )


def test_an_intact_invoice_pdf_is_sent(demo, client):
    invoice = stored(_issued_invoice_of_client_a())
    response = as_user(client, "client-a").get(
        reverse("invoicing:invoice_pdf", args=[invoice.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == ISSUED
    assert not tamper_rows(invoice).exists()


def test_a_tampered_invoice_pdf_is_refused_to_finance_with_the_reason(demo, client):
    invoice = stored(_issued_invoice_of_client_a())
    overwrite(invoice)
    response = as_user(client, "finance").get(
        reverse("invoicing:invoice_pdf", args=[invoice.pk])
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "保存されているPDFが変更されています" in page
    assert invoice.pdf_sha256 in page
    assert TAMPERED not in response.content
    row = tamper_rows(invoice).get()
    assert row.actor.username == "finance"
    assert row.data["recorded"] == invoice.pdf_sha256
    assert row.data["found"] not in ("", invoice.pdf_sha256)


def test_a_tampered_invoice_pdf_is_a_plain_404_for_the_client(demo, client):
    invoice = stored(_issued_invoice_of_client_a())
    overwrite(invoice)
    response = as_user(client, "client-a").get(
        reverse("invoicing:invoice_pdf", args=[invoice.pk])
    )
    assert response.status_code == 404
    assert "SHA-256" not in response.content.decode()
    assert tamper_rows(invoice).get().actor.username == "client-a"


def test_a_missing_pdf_file_is_refused_like_a_changed_one(demo, client):
    invoice = stored(_issued_invoice_of_client_a())
    Path(invoice.pdf.path).unlink()
    response = as_user(client, "finance").get(
        reverse("invoicing:invoice_pdf", args=[invoice.pk])
    )
    assert response.status_code == 409
    assert "（ファイルがありません）" in response.content.decode()
    assert tamper_rows(invoice).get().reason == "missing"


def _credit_note():
    return CreditNote.objects.first(), "finance", "invoicing:credit_note_pdf"


def _statement():
    return PayoutStatement.objects.first(), "finance", "invoicing:payout_statement_pdf"


def _worker_order():
    order = WorkerOrder.objects.exclude(state=WorkerOrder.State.DRAFT).first()
    return order, "finance", "invoicing:worker_order_pdf"


DOCUMENTS = {
    "credit note": _credit_note,
    "payout statement": _statement,
    "worker order": _worker_order,
}


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_every_invoicing_pdf_view_checks_the_digest(demo, client, kind):
    document, username, url_name = DOCUMENTS[kind]()
    stored(document)
    url = reverse(url_name, args=[document.pk])
    as_user(client, username)
    assert body(client.get(url)) == ISSUED
    overwrite(document)
    assert client.get(url).status_code == 409
    assert tamper_rows(document).count() == 1


def test_the_quote_pdf_checks_the_digest_for_sales(demo, client):
    quote = stored(Quote.objects.exclude(number="").first())
    url = reverse("engagements:quote_pdf", args=[quote.engagement_id, quote.pk])
    as_user(client, "sales")
    assert body(client.get(url)) == ISSUED
    overwrite(quote)
    assert client.get(url).status_code == 409
    assert tamper_rows(quote).count() == 1


def test_the_order_confirmation_checks_its_own_digest(demo, client):
    quote = Quote.objects.filter(
        state=Quote.State.ACCEPTED,
        engagement__client__contacts__user__username="client-a",
    ).first()
    stored(quote, "order_confirmation_pdf")
    url = reverse("engagements:client_order_confirmation_pdf", args=[quote.pk])
    as_user(client, "client-a")
    assert body(client.get(url)) == ISSUED
    overwrite(quote, "order_confirmation_pdf")
    assert client.get(url).status_code == 404
    assert tamper_rows(quote).get().data["field"] == "order_confirmation_pdf"


def test_the_master_agreement_checks_the_digest(demo, client):
    agreement = stored(MasterAgreement.objects.first())
    url = reverse("clients:agreement_pdf", args=[agreement.client_id, agreement.pk])
    as_user(client, "sales")
    assert body(client.get(url)) == ISSUED
    overwrite(agreement)
    assert client.get(url).status_code == 409
    assert tamper_rows(agreement).count() == 1
