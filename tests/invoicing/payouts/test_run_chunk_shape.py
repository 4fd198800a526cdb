"""A chunk of the background payout run issues its statements in one
transaction with a constant number of queries (issue 15): 20 workers cost
what 5 do. The statements, numbers, audit rows and queued tasks are the
ones paying the workers one by one gives; a worker whose statement cannot
be issued still fails the run on that worker, the ones before it paid."""

import datetime

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from enterprise import runs
from enterprise.models import AuditLog, OutboxMessage
from invoicing.models import PayoutLine, PayoutRun, PayoutStatement
from invoicing.services.payouts import background

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _workers(prefix: str, count: int) -> list:
    workers = []
    for n in range(count):
        worker = make_worker(f"{prefix}-{n}", legal_name=f"作業 {n}号")
        for amount in (10_000, 20_000 + n):
            make_line(worker, amount=amount, received_on=RECEIVED, pay_date=PAY)
        workers.append(worker)
    return workers


def _chunk(finance, workers) -> tuple[PayoutRun, int]:
    """Plan a run of ``workers`` and do it as one chunk; the run and the
    queries the chunk took."""
    run = PayoutRun.objects.create(pay_date=PAY, started_by=finance)
    ids = [worker.pk for worker in workers]
    runs.run_plan(PayoutRun, run.pk, lambda _run: ids)
    with CaptureQueriesContext(connection) as queries:
        background.payout_run_chunk_run(run_id=run.pk, worker_ids=ids)
    run.refresh_from_db()
    return run, len(queries)


def test_a_chunk_of_twenty_workers_takes_the_queries_of_five(operator, finance):
    _chunk(finance, _workers("warm", 1))  # per-process caches (content types)
    few_run, few = _chunk(finance, _workers("few", 5))
    many_run, many = _chunk(finance, _workers("many", 20))

    assert (few_run.state, few_run.issued) == ("done", 5)
    assert (many_run.state, many_run.issued) == ("done", 20)
    assert many == few, f"5 workers: {few} queries, 20 workers: {many}"
    assert many <= 25


def test_a_chunk_writes_what_paying_one_by_one_writes(operator, finance):
    workers = _workers("shape", 4)
    run, _queries = _chunk(finance, workers)

    statements = list(PayoutStatement.objects.order_by("number"))
    # Numbered without gaps in the order of the workers, one each.
    assert [s.number for s in statements] == [f"PS-2026-00000{n}" for n in (1, 2, 3, 4)]
    assert [s.worker_id for s in statements] == [w.pk for w in workers]
    for n, statement in enumerate(statements):
        lines = PayoutLine.objects.filter(statement=statement)
        assert lines.count() == 2 and {line.state for line in lines} == {"on_statement"}
        assert statement.subtotal == 30_000 + n
    issued = AuditLog.objects.filter(action="invoicing.payout_statement.issued")
    assert sorted(issued.values_list("object_id", "to_state", "data__net")) == sorted(
        (str(s.pk), "issued", s.net) for s in statements
    )
    assert set(issued.values_list("actor", flat=True)) == {finance.pk}
    pdfs = OutboxMessage.objects.filter(task_name__endswith="payout_statement_pdf")
    assert sorted(args[0] for args in pdfs.values_list("args", flat=True)) == sorted(
        s.pk for s in statements
    )
    mails = OutboxMessage.objects.filter(task_name__endswith="send_mail_task")
    assert sorted(m.args[0][0] for m in mails) == sorted(w.email for w in workers)
    items = run.items.order_by("key")
    assert [i.result for i in items] == [s.number for s in statements]

    # Delivered twice: nothing new.
    background.payout_run_chunk_run(run_id=run.pk, worker_ids=[w.pk for w in workers])
    assert PayoutStatement.objects.count() == 4
    assert issued.count() == 4


def test_a_worker_left_with_nothing_to_transfer_fails_the_run_on_that_worker(
    operator, finance
):
    workers = _workers("fail", 3)
    # The second worker's fees take the whole reward: withholding leaves less
    # than nothing.
    PayoutLine.objects.filter(worker=workers[1]).update(fee=F("amount"))
    run, _queries = _chunk(finance, workers)

    assert run.state == "failed" and run.error
    assert list(PayoutStatement.objects.values_list("worker", flat=True)) == [
        workers[0].pk
    ]
    assert run.done == 1 and run.issued == 1
    assert PayoutStatement.objects.get().number == "PS-2026-000001"
