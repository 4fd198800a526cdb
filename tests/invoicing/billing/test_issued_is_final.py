"""An issued invoice never changes: the service refuses, the model refuses,
and on PostgreSQL the database refuses whatever path the SQL takes."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from invoicing.models import CreditNote, FinalDocumentError, Invoice, InvoiceLine
from invoicing.services.billing import (
    BillingError,
    CreditLineInput,
    LineInput,
    credit_note_issue,
    invoice_create,
    invoice_discard,
    invoice_issue,
    invoice_replace_lines,
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)
MARCH_31 = datetime.date(2026, 3, 31)


@pytest.fixture
def draft(sample, finance):
    return invoice_create(
        client=sample, lines=[LineInput("記事作成", 198_000)], by=finance,
        period_start=datetime.date(2026, 3, 1), period_end=MARCH_31,
    )  # fmt: skip


@pytest.fixture
def issued(draft, finance, operator):
    return invoice_issue(invoice=draft, by=finance, issue_date=MARCH_31)


def test_a_draft_can_still_be_changed_and_discarded(draft, finance):
    invoice_replace_lines(invoice=draft, lines=[LineInput("記事", 1_000)], by=finance)
    draft.refresh_from_db()
    assert (draft.subtotal, draft.tax, draft.total) == (1_000, 100, 1_100)

    invoice_discard(invoice=draft, by=finance)
    assert not Invoice.objects.exists()


def test_service_refuses_to_change_an_issued_invoice(issued, finance):
    with pytest.raises(BillingError, match="返還請求書を発行してから"):
        invoice_replace_lines(invoice=issued, lines=[LineInput("記事", 1)], by=finance)
    with pytest.raises(BillingError):
        invoice_discard(invoice=issued, by=finance)
    with pytest.raises(BillingError):
        invoice_issue(invoice=issued, by=finance)

    issued.refresh_from_db()
    assert (issued.number, issued.total) == ("INV-2025-000001", 217_800)


def test_model_refuses_changed_amounts_lines_and_deletion(issued):
    issued.total = 1
    with pytest.raises(FinalDocumentError):
        issued.save()
    issued.refresh_from_db()
    issued.recipient_name = "別の会社"
    with pytest.raises(FinalDocumentError):
        issued.save(update_fields=["recipient_name"])
    line = issued.lines.get()
    line.amount = 1
    with pytest.raises(FinalDocumentError):
        line.save()
    with pytest.raises(FinalDocumentError):
        line.delete()
    with pytest.raises(FinalDocumentError):
        InvoiceLine.objects.create(
            invoice=issued, description="追加", unit_price=1, amount=1
        )
    with pytest.raises(FinalDocumentError):
        Invoice.objects.get().delete()


def test_bulk_updates_and_deletes_are_refused_too(issued):
    with pytest.raises(FinalDocumentError):
        Invoice.objects.filter(pk=issued.pk).update(total=1, subtotal=1, tax=0)
    with pytest.raises(FinalDocumentError):
        InvoiceLine.objects.filter(invoice=issued).update(amount=1)
    with pytest.raises(FinalDocumentError):
        InvoiceLine.objects.bulk_create(
            [InvoiceLine(invoice=issued, description="追加", unit_price=1, amount=1)]
        )
    with pytest.raises(FinalDocumentError):
        Invoice.objects.all().delete()
    assert Invoice.objects.get().total == 217_800


def test_state_and_payments_still_move_on_an_issued_invoice(issued):
    Invoice.objects.filter(pk=issued.pk).update(paid_total=1_000)
    issued.refresh_from_db()
    assert issued.balance == 216_800


def test_the_pdf_is_stored_once(issued):
    from enterprise.pdf import store_document

    store_document(issued, "pdf", "first.pdf", b"%PDF-1 first")
    with pytest.raises(FinalDocumentError):
        store_document(issued, "pdf", "second.pdf", b"%PDF-1 second")


def test_a_credit_note_never_changes(issued, finance):
    note = credit_note_issue(
        invoice=issued, by=finance, reason="値引き",
        lines=[CreditLineInput("値引き", 11_000)],
    )  # fmt: skip
    note.total = 1
    with pytest.raises(FinalDocumentError):
        note.save()
    with pytest.raises(FinalDocumentError):
        note.delete()
    with pytest.raises(FinalDocumentError):
        CreditNote.objects.filter(pk=note.pk).update(reason="別の理由")


def _sql(sql, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _raw(sql, params, match="issued"):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        _sql(sql, params)


@postgres_only
def test_database_refuses_raw_sql_on_an_issued_invoice(issued):
    _raw(
        "UPDATE invoicing_invoice SET total = 1, subtotal = 1, tax = 0 WHERE id = %s",
        [issued.pk],
    )
    _raw("UPDATE invoicing_invoice SET recipient_name = 'x' WHERE id = %s", [issued.pk])
    _raw("UPDATE invoicing_invoice SET state = 'draft' WHERE id = %s", [issued.pk])
    _raw("DELETE FROM invoicing_invoice WHERE id = %s", [issued.pk])
    _raw(
        "UPDATE invoicing_invoiceline SET amount = 1 WHERE invoice_id = %s", [issued.pk]
    )
    _raw("DELETE FROM invoicing_invoiceline WHERE invoice_id = %s", [issued.pk])
    # Paying it is still allowed.
    _sql("UPDATE invoicing_invoice SET paid_total = 10 WHERE id = %s", [issued.pk])
    _sql("UPDATE invoicing_invoice SET state = 'paid' WHERE id = %s", [issued.pk])
    issued.refresh_from_db()
    assert (issued.total, issued.state, issued.paid_total) == (217_800, "paid", 10)


@postgres_only
def test_database_lets_a_draft_change(draft):
    _sql(
        "UPDATE invoicing_invoice SET tax = 0, total = subtotal WHERE id = %s",
        [draft.pk],
    )
    _sql("DELETE FROM invoicing_invoiceline WHERE invoice_id = %s", [draft.pk])
    draft.refresh_from_db()
    assert (draft.total, draft.lines.count()) == (198_000, 0)


@postgres_only
def test_database_stores_the_pdf_of_an_issued_invoice_once(issued):
    _sql("UPDATE invoicing_invoice SET pdf = 'a.pdf' WHERE id = %s", [issued.pk])
    _sql("UPDATE invoicing_invoice SET pdf_sha256 = 'aa' WHERE id = %s", [issued.pk])
    _raw("UPDATE invoicing_invoice SET pdf_sha256 = 'bb' WHERE id = %s", [issued.pk])


@postgres_only
def test_database_refuses_raw_sql_on_a_credit_note(issued, finance):
    note = credit_note_issue(
        invoice=issued,
        by=finance,
        reason="値引き",
        lines=[CreditLineInput("値引き", 11_000)],
    )
    _raw("UPDATE invoicing_creditnote SET total = 1 WHERE id = %s", [note.pk])
    _raw("DELETE FROM invoicing_creditnote WHERE id = %s", [note.pk], match="deleted")
    _raw(
        "DELETE FROM invoicing_creditnoteline WHERE credit_note_id = %s",
        [note.pk],
        match="credit note",
    )
