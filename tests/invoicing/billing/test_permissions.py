"""Only finance and superusers close, issue, credit and record payments: the
services refuse anyone else, whatever screen they came from."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from invoicing.services.billing import (
    CreditLineInput,
    LineInput,
    credit_note_issue,
    invoice_create,
    invoice_issue,
    invoice_send,
    payment_record,
)
from invoicing.services.billing_close import month_close_start

from . import factories as f

MARCH_31 = datetime.date(2026, 3, 31)


@pytest.fixture
def draft(sample, finance):
    return invoice_create(
        client=sample, lines=[LineInput("記事作成", 100_000)], by=finance,
        period_start=datetime.date(2026, 3, 1), period_end=MARCH_31,
    )  # fmt: skip


@pytest.fixture(params=["sales", "director", "client", "worker"])
def outsider(request, sample):
    if request.param == "client":
        return f.contact_for(sample, "contact-x")
    return f.user_with_roles(f"{request.param}-x", request.param)


def test_others_cannot_create_or_issue(sample, draft, outsider, operator):
    with pytest.raises(PermissionDenied):
        invoice_create(
            client=sample, lines=[LineInput("x", 1)], by=outsider,
            period_start=MARCH_31, period_end=MARCH_31,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        invoice_issue(invoice=draft, by=outsider)
    with pytest.raises(PermissionDenied):
        month_close_start(period="2026-03", by=outsider)


def test_others_cannot_send_credit_or_record_payments(
    draft, finance, outsider, operator
):
    issued = invoice_issue(invoice=draft, by=finance, issue_date=MARCH_31)
    with pytest.raises(PermissionDenied):
        invoice_send(invoice=issued, by=outsider)
    with pytest.raises(PermissionDenied):
        credit_note_issue(
            invoice=issued, by=outsider, reason="x", lines=[CreditLineInput("x", 1_100)]
        )
    with pytest.raises(PermissionDenied):
        payment_record(
            invoice=issued, by=outsider, amount=1, received_on=datetime.date(2026, 4, 1)
        )
    issued.refresh_from_db()
    assert (issued.state, issued.balance) == ("issued", 110_000)


def test_a_superuser_may_issue(draft, operator):
    admin = f.UserFactory(username="root", is_superuser=True)
    assert invoice_issue(invoice=draft, by=admin).number.startswith("INV-")
