# ruff: noqa: F811 (pytest fixtures imported from the invoicing suites)
"""A client's dispute about an invoice ends in a credit note issued by the
billing service, linked to the outcome; the desk never edits the invoice."""

import datetime

import pytest
from django.urls import reverse

from enterprise.audit import timeline_for
from enterprise.once import new_token
from invoicing.models import CreditNote
from invoicing.services.billing import LineInput, invoice_create, invoice_issue
from support.models import Ticket
from tests.invoicing.billing.conftest import finance, operator  # noqa: F401
from tests.invoicing.billing.factories import contact_for, user_with_roles

MARCH_31 = datetime.date(2026, 3, 31)


@pytest.fixture
def issued(company_a, finance, operator):
    draft = invoice_create(
        client=company_a,
        lines=[LineInput("記事作成", 198_000)],
        by=finance,
        period_start=datetime.date(2026, 3, 1),
        period_end=MARCH_31,
    )
    return invoice_issue(invoice=draft, by=finance, issue_date=MARCH_31)


def test_client_dispute_ends_in_a_credit_note_from_billing(
    client, company_a, contact_a, issued, django_capture_on_commit_callbacks
):
    client.force_login(contact_a)
    link = reverse("support:new") + f"?invoice={issued.pk}"
    form = client.get(link)
    initial = form.context["form"].initial
    assert initial["category"]
    client.post(
        link,
        {
            "category": initial["category"],
            "title": initial["title"],
            "body": "納品された記事のうち1本が未納です。その分を減額してください",
            "once_token": new_token(),
        },
    )
    ticket = Ticket.objects.get()
    assert ticket.invoice == issued

    mediator = user_with_roles("mediator", "support", "finance")
    client.force_login(mediator)
    client.post(
        reverse("support:dispute", args=[ticket.pk]),
        {"client": company_a.pk, "once_token": new_token()},
    )
    client.post(
        reverse("support:dispute_claim", args=[ticket.pk]),
        {
            "claim-party": "operator",
            "claim-statement": "1本は未納と確認",
            "claim-amount": "22000",
            "once_token": new_token(),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support:dispute_decide", args=[ticket.pk]),
            {
                "outcome-kind": "credit_note",
                "outcome-invoice": issued.pk,
                "outcome-amount": "22000",
                "outcome-reason": "記事1本未納のため返還",
                "once_token": new_token(),
            },
        )
    note = CreditNote.objects.get()
    dispute = Ticket.objects.get().dispute
    outcome = dispute.outcome
    assert [c.party for c in dispute.claims.all()] == ["client", "operator"]
    issued.refresh_from_db()
    assert (note.total, note.invoice, note.created_by) == (22_000, issued, mediator)
    assert (outcome.kind, outcome.credit_note, outcome.amount) == (
        "credit_note",
        note,
        22_000,
    )
    assert issued.credited_total == 22_000
    assert issued.total == 217_800
    assert "invoicing.invoice.credited" in [e.action for e in timeline_for(issued)]

    client.force_login(contact_a)
    page = client.get(reverse("support:ticket", args=[ticket.pk])).content.decode()
    assert "1本は未納と確認" not in page  # the mediation record is the desk's


def test_another_company_cannot_prefill_a_ticket_with_the_invoice(
    client, company_b, issued
):
    other = contact_for(company_b, "contact-b2")
    client.force_login(other)
    assert (
        client.get(reverse("support:new") + f"?invoice={issued.pk}").status_code == 404
    )
