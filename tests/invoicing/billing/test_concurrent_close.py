"""Twenty month closes of the same period at once (PostgreSQL: real row locks
and concurrent writers; SQLite serialises whole-database writes instead)."""

import datetime
import io
import threading

import pytest
from django.db import connection

from engagements.models import Engagement
from enterprise.demo_operator import seed_operator
from invoicing.models import Invoice
from invoicing.services.billing_close import month_close

from . import factories as f

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks and concurrent writers: PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]
CLOSES, CLIENTS = 20, 6


def _close_in_threads(by) -> list[Exception]:
    start = threading.Barrier(CLOSES)
    errors = []

    def close() -> None:
        try:
            start.wait()
            month_close(period="2026-03", by=by, today=datetime.date(2026, 4, 10))
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(CLOSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_twenty_parallel_closes_issue_one_invoice_per_client_gapless():
    seed_operator(stdout=io.StringIO())
    finance = f.user_with_roles("finance-1", "finance")
    for n in range(CLIENTS):
        company = f.client(f"株式会社並行{n}")
        for day in (2, 9):
            f.completed_engagement(
                company, f"記事{day}", [("記事", 1, 10_000 * (n + 1))],
                completed_on=datetime.date(2026, 3, day),
            )  # fmt: skip

    errors = _close_in_threads(finance)

    assert errors == []
    invoices = Invoice.objects.order_by("number")
    assert sorted(invoices.values_list("client_id", flat=True)) == sorted(
        {e.client_id for e in Engagement.objects.all()}
    )
    assert [i.number for i in invoices] == [
        f"INV-2025-{n:06d}" for n in range(1, CLIENTS + 1)
    ]
    assert all(i.lines.count() == 3 for i in invoices)  # two engagements + fee
    assert set(Engagement.objects.values_list("state", flat=True)) == {"invoiced"}
