"""The payout run of the finance screen, in the background (issues 14, 15).

``payout_run_start`` records a ``PayoutRun`` and returns at once; the task
collects the formats' rewards, plans one item per worker due and queues them
in chunks (``enterprise.runs``). Each chunk reads the rates and the
operator's profile once, fetches its workers with their profiles and bank
accounts in one query, and issues its statements in one transaction with
one INSERT per kind of row and one block of numbers. A killed worker loses
at most the chunk in progress; ``payout_run_resume`` continues a stalled run
without touching what is done.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from enterprise import runs
from enterprise.audit import log_action
from enterprise.rates import cached_rates

from ...models import PayoutRun
from ._base import require, require_finance
from .formats import payout_lines_collect_formats
from .run import WorkerPay, payout_run_check, workers_due_query
from .schedule import payout_lines_collect_reviews


@transaction.atomic
def payout_run_start(
    *, pay_date: datetime.date, by, tax_separated: bool = True
) -> PayoutRun:
    """Queue the payout run of ``pay_date``; the task starts after commit.
    Raises PermissionDenied, PayoutError (a bank holiday)."""
    payout_run_check(pay_date=pay_date, by=by)
    run = PayoutRun.objects.create(
        pay_date=pay_date, tax_separated=tax_separated, started_by=by
    )
    from ...tasks.payouts import run_payouts

    run_payouts.delay_on_commit(run.pk)
    return run


def payout_run_execute(*, run_id: int) -> PayoutRun:
    """The task's body: collect, plan (once), queue the chunks."""
    from ...tasks.payouts import payout_run_chunk

    run = PayoutRun.objects.get(pk=run_id)
    if run.state == PayoutRun.State.QUEUED:
        # Before the plan, so the lines they schedule are paid by this run.
        payout_lines_collect_reviews()
        payout_lines_collect_formats()
    runs.run_start(
        PayoutRun,
        run_id,
        lambda run: workers_due_query(run.pay_date),
        payout_run_chunk,
        settings.PAYOUT_RUN_CHUNK_SIZE,
    )
    return PayoutRun.objects.get(pk=run_id)


def payout_run_chunk_run(*, run_id: int, worker_ids: list[int]) -> None:
    """Pay ``worker_ids`` of the run: one statement each, all in one
    transaction with a constant number of queries (``WorkerPay.pay_many``);
    if that fails, one transaction each, so the run fails on the worker
    whose statement cannot be issued (``runs.run_chunk``)."""
    run = PayoutRun.objects.select_related("started_by").get(pk=run_id)
    with cached_rates():
        pay = WorkerPay(
            pay_date=run.pay_date, by=run.started_by, tax_separated=run.tax_separated
        )
        pay.prefetch(worker_ids)

        def work(worker_id: int) -> str:
            statement = pay.pay(worker_id)
            return statement.number if statement is not None else ""

        def work_many(ids: list[int]) -> dict[int, str]:
            return {w: s.number for w, s in pay.pay_many(ids).items()}

        runs.run_chunk(PayoutRun, run_id, worker_ids, work, work_many)


@transaction.atomic
def payout_run_resume(*, run: PayoutRun, by) -> PayoutRun:
    """再開: continue a stalled or failed run where it stopped; statements
    issued, counts and audit rows stay. Raises PayoutError when the run is
    neither stalled nor failed, PermissionDenied."""
    require_finance(by)
    require(
        runs.run_resume(PayoutRun, run.pk),
        _("This payout run is not stalled: there is nothing to resume."),
    )
    run = PayoutRun.objects.get(pk=run.pk)
    log_action(
        target=run,
        action="invoicing.payout_run.resumed",
        by=by,
        data={"pay_date": f"{run.pay_date:%Y-%m-%d}", "done": run.done},
    )
    from ...tasks.payouts import run_payouts

    run_payouts.delay_on_commit(run.pk)
    return run
