"""Ten payout runs of the same pay date at once (PostgreSQL: real row locks
and concurrent writers): one statement per worker, gapless numbers."""

import datetime
import threading

import pytest
from django.db import connection

from invoicing.models import PayoutLine, PayoutStatement
from invoicing.services import payouts

from .factories import make_line, make_worker

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks and concurrent writers: PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]
RUNS, WORKERS = 10, 4
PAY = datetime.date(2026, 4, 30)


def test_ten_parallel_runs_issue_one_statement_per_worker(operator, finance):
    for n in range(WORKERS):
        worker = make_worker(f"parallel-{n}")
        for amount in (10_000, 20_000):
            make_line(
                worker,
                amount=amount * (n + 1),
                received_on=datetime.date(2026, 3, 10),
                pay_date=PAY,
            )
    start, errors = threading.Barrier(RUNS), []

    def run() -> None:
        try:
            start.wait()
            payouts.payout_run(pay_date=PAY, by=finance)
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    statements = PayoutStatement.objects.order_by("number")
    assert [s.number for s in statements] == [
        f"PS-2026-{n:06d}" for n in range(1, WORKERS + 1)
    ]
    assert sorted(s.subtotal for s in statements) == [30_000, 60_000, 90_000, 120_000]
    assert not PayoutLine.objects.filter(statement__isnull=True).exists()
