"""The month close's round trips per client stay fixed (issue 15): a close of
1,000 clients ran 44 queries a client; the tax rates, the operator and the
webhook endpoints are now read once per chunk, and the invoice is not read
back between its creation and its issue."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprise import runs
from invoicing.models import Invoice, MonthCloseRun
from invoicing.services import billing_close

from . import factories as f

# Measured after the work of issue 15: 28 on PostgreSQL in a worker (with
# BEGIN/COMMIT per client); the test's own transaction makes them savepoints.
QUERIES_PER_CLIENT = 28


def _close_queries(finance, names: list[str]) -> int:
    for name in names:
        f.completed_engagement(
            f.client(name), "記事", [("記事", 1, 10_000)],
            completed_on=datetime.date(2026, 3, 5),
        )  # fmt: skip
    run = MonthCloseRun.objects.create(period="2026-03", started_by=finance)
    runs.run_plan(MonthCloseRun, run.pk, billing_close._close_plan)
    keys = runs.pending_keys(run)
    assert len(keys) == len(names)
    with CaptureQueriesContext(connection) as queries:
        billing_close.month_close_chunk_run(run_id=run.pk, client_ids=keys)
    return len(queries)


def test_queries_per_client_do_not_grow_with_the_clients(operator, finance):
    three = _close_queries(finance, [f"株式会社三{n}" for n in range(3)])
    ten = _close_queries(finance, [f"株式会社十{n}" for n in range(10)])

    assert Invoice.objects.filter(state=Invoice.State.ISSUED).count() == 13
    per_client = (ten - three) / 7
    assert per_client <= QUERIES_PER_CLIENT, (three, ten)
