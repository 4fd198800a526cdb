"""seed_demo's billing: closed months with issued, sent and paid invoices and
one credit note, made through the services, and nothing new the second time."""

from io import StringIO

import pytest
from django.core.management import call_command

from clients import demo as clients_demo
from enterprise import demo as people
from invoicing import demo
from invoicing.models import CreditNote, Invoice, Payment
from workers import demo as workers_demo


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    call_command("loaddata", "categories", "skills", verbosity=0)
    for module in (people, clients_demo, workers_demo):
        module.seed(stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=StringIO())


def test_demo_closes_two_months_in_every_invoice_state(seeded):
    # Without the engagements demo, the billing demo's own three engagements.
    assert sorted(Invoice.objects.values_list("state", flat=True)) == [
        "issued", "paid", "sent",
    ]  # fmt: skip
    assert len(set(Invoice.objects.values_list("close_period", flat=True))) == 2
    assert CreditNote.objects.get().total == 11_000
    assert Payment.objects.get().discount == 880
    assert all(i.pdf_sha256 for i in Invoice.objects.all())


def test_demo_is_safe_to_run_twice(seeded):
    before = list(Invoice.objects.values_list("number", "state", "paid_total"))
    out = StringIO()
    demo.seed(stdout=out)

    assert list(Invoice.objects.values_list("number", "state", "paid_total")) == before
    assert CreditNote.objects.count() == 1
    assert "0 engagements completed for the demo" in out.getvalue()
