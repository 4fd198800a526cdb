"""The invoice page shows the payment and credit-note forms together: each
field's label points at its own input (no two inputs share an id)."""

from invoicing.forms.billing import CreditNoteForm, PaymentForm


def test_the_two_forms_on_the_invoice_page_have_distinct_ids():
    payment = {field.id_for_label for field in PaymentForm()}
    credit = {field.id_for_label for field in CreditNoteForm()}
    assert "id_amount" in payment
    assert "id_credit_amount" in credit
    assert not payment & credit
