"""PostgreSQL triggers that refuse changes to issued invoices and credit notes.

The models refuse them too (save, delete, bulk update); the triggers also stop
raw SQL, a data migration or a shell session. They raise SQLSTATE 23514
(check_violation), which Django reports as IntegrityError.

- An invoice that is no longer a draft keeps every column of
  INVOICE_FINAL_FIELDS (invoicing/models/billing.py: change both together),
  never goes back to draft, and cannot be deleted. Its PDF may be stored once
  (while pdf_sha256 is empty). State, payments and credits still move.
- The lines of such an invoice cannot be added, changed or deleted.
- A credit note is issued when it is created: only its PDF may be stored,
  once; its lines never change; neither is deleted.

SQLite gets no trigger: Django rebuilds a SQLite table to alter it, which
drops its triggers silently, so the model-level guard is what protects there.
TRUNCATE (the test suite's flush) does not fire row triggers.
"""

from django.db import migrations

INVOICE_COLUMNS = [
    "number",
    "fiscal_year",
    "client_id",
    "close_period",
    "issue_date",
    "period_start",
    "period_end",
    "due_date",
    "tax_inclusive",
    "tax_rounding",
    "subtotal",
    "tax",
    "total",
    "tax_breakdown",
    "worker_cost",
    "notes",
    "issuer_name",
    "issuer_registration_number",
    "issuer_postal_code",
    "issuer_address",
    "issuer_phone",
    "bank_name",
    "bank_branch",
    "bank_account_type",
    "bank_account_number",
    "bank_account_holder",
    "recipient_name",
    "recipient_registration_number",
    "recipient_postal_code",
    "recipient_address",
    "recipient_department",
]
CREDIT_NOTE_COLUMNS = [
    "number",
    "fiscal_year",
    "invoice_id",
    "client_id",
    "issue_date",
    "reason",
    "tax_inclusive",
    "tax_rounding",
    "subtotal",
    "tax",
    "total",
    "tax_breakdown",
    "issuer_name",
    "issuer_registration_number",
    "issuer_postal_code",
    "issuer_address",
    "issuer_phone",
    "recipient_name",
    "recipient_registration_number",
    "recipient_postal_code",
    "recipient_address",
    "recipient_department",
    "original_number",
    "original_period_start",
    "original_period_end",
]


def _changed(columns) -> str:
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)


PDF_CHANGED = (
    "(OLD.pdf_sha256 <> '' AND "
    "(NEW.pdf IS DISTINCT FROM OLD.pdf OR NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256))"
)

FORWARD = f"""
CREATE FUNCTION invoicing_invoice_final() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'draft' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is issued and cannot be deleted', OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'draft' OR {_changed(INVOICE_COLUMNS)} OR {PDF_CHANGED} THEN
        RAISE EXCEPTION 'invoice % is issued and cannot be changed', OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_invoice_final
    BEFORE UPDATE OR DELETE ON invoicing_invoice
    FOR EACH ROW EXECUTE FUNCTION invoicing_invoice_final();

CREATE FUNCTION invoicing_invoiceline_final() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM invoicing_invoice
        WHERE state <> 'draft' AND id IN (
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.invoice_id END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.invoice_id END
        )
    ) THEN
        RAISE EXCEPTION 'the lines of an issued invoice cannot be changed'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_invoiceline_final
    BEFORE INSERT OR UPDATE OR DELETE ON invoicing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION invoicing_invoiceline_final();

CREATE FUNCTION invoicing_creditnote_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'credit note % cannot be deleted', OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF {_changed(CREDIT_NOTE_COLUMNS)} OR {PDF_CHANGED} THEN
        RAISE EXCEPTION 'credit note % is issued and cannot be changed', OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_creditnote_final
    BEFORE UPDATE OR DELETE ON invoicing_creditnote
    FOR EACH ROW EXECUTE FUNCTION invoicing_creditnote_final();

CREATE FUNCTION invoicing_creditnoteline_final() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the lines of a credit note cannot be changed'
        USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_creditnoteline_final
    BEFORE UPDATE OR DELETE ON invoicing_creditnoteline
    FOR EACH ROW EXECUTE FUNCTION invoicing_creditnoteline_final();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS invoicing_creditnoteline_final ON invoicing_creditnoteline;
DROP FUNCTION IF EXISTS invoicing_creditnoteline_final();
DROP TRIGGER IF EXISTS invoicing_creditnote_final ON invoicing_creditnote;
DROP FUNCTION IF EXISTS invoicing_creditnote_final();
DROP TRIGGER IF EXISTS invoicing_invoiceline_final ON invoicing_invoiceline;
DROP FUNCTION IF EXISTS invoicing_invoiceline_final();
DROP TRIGGER IF EXISTS invoicing_invoice_final ON invoicing_invoice;
DROP FUNCTION IF EXISTS invoicing_invoice_final();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0002_billing")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
