"""The payout run plans one item per worker due, written by the database
from the workers' scheduled lines (issue 15: no 5,000 objects built in the
task before the first chunk can start): the same items, in the same order,
as the list of workers due gives, whatever the number of workers."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprise import runs
from invoicing.models import PayoutRun
from invoicing.services.payouts import run as run_module

from .factories import make_line, make_worker

PAY = datetime.date(2026, 9, 30)
RECEIVED = datetime.date(2026, 8, 20)


def _plan(finance, pay_date=PAY) -> tuple[PayoutRun, int]:
    run = PayoutRun.objects.create(pay_date=pay_date, started_by=finance)
    with CaptureQueriesContext(connection) as queries:
        runs.run_plan(
            PayoutRun, run.pk, lambda r: run_module.workers_due_query(r.pay_date)
        )
    run.refresh_from_db()
    return run, len(queries)


def test_the_plan_has_one_item_per_worker_due_in_worker_order(operator, finance):
    workers = [make_worker(f"plan-{n}", legal_name=f"計画 {n}号") for n in range(4)]
    for worker in workers[:3]:  # two lines: still one item
        for amount in (10_000, 20_000):
            make_line(worker, amount=amount, received_on=RECEIVED, pay_date=PAY)
    later = PAY + datetime.timedelta(days=31)  # not due yet: no item
    make_line(workers[3], amount=5_000, received_on=RECEIVED, pay_date=later)

    run, _queries = _plan(finance)

    due = run_module.workers_due(PAY)
    assert due == sorted(worker.pk for worker in workers[:3])
    assert list(run.items.order_by("id").values_list("key", "done_at", "result")) == [
        (pk, None, "") for pk in due
    ]
    assert (run.state, run.total, run.done) == ("running", 3, 0)
    assert runs.pending_keys(run) == due


def test_the_plan_takes_the_same_queries_for_many_workers(operator, finance):
    for n in range(12):
        worker = make_worker(f"many-{n}", legal_name=f"多数 {n}号")
        make_line(worker, amount=10_000, received_on=RECEIVED, pay_date=PAY)
    _run, few = _plan(finance, PAY - datetime.timedelta(days=60))  # none due
    run, many = _plan(finance)

    assert run.total == 12
    assert many == few <= 5, f"no worker: {few} queries, 12 workers: {many}"


def test_a_planned_run_keeps_its_items_when_planned_again(operator, finance, yamada):
    make_line(yamada, amount=10_000, received_on=RECEIVED, pay_date=PAY)
    run, _queries = _plan(finance)
    runs.run_plan(PayoutRun, run.pk, lambda r: run_module.workers_due_query(PAY))

    assert list(run.items.values_list("key", flat=True)) == [yamada.pk]
    assert PayoutRun.objects.get(pk=run.pk).total == 1
