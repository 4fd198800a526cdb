"""Profile one chunk of the payout run and of the month close in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_runs_bench \\
        .venv/bin/python bench/profile_runs.py [--workers 200] [--clients 50] \\
        [--profile] [--queries]

Seeds a throw-away database as ``bench_runs.py`` does, then runs the chunks of
a payout run and of a month close in this process (the tasks they queue stay
in the outbox), printing queries and milliseconds per item. A script that
prints, not a test.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)


def _chunked(name, run_model, start, chunk_run, profile: bool, show=False) -> None:
    from enterprise import runs

    run = start()
    keys = runs.pending_keys(run_model.objects.get(pk=run.pk))
    size = (
        settings.PAYOUT_RUN_CHUNK_SIZE
        if run_model.__name__ == "PayoutRun"
        else settings.RUN_CHUNK_SIZE
    )
    profiler = cProfile.Profile() if profile else None
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        if profiler:
            profiler.enable()
        for chunk in runs.chunks(keys, size):
            chunk_run(run.pk, chunk)
        if profiler:
            profiler.disable()
    elapsed = time.perf_counter() - began
    run.refresh_from_db()
    print(
        f"{name}: {len(keys)} items in chunks of {size}: {elapsed:.2f} s, "
        f"{elapsed * 1000 / max(len(keys), 1):.1f} ms and "
        f"{len(queries) / max(len(keys), 1):.1f} queries an item; run {run.state} "
        f"{run.done}/{run.total}, {run.issued} issued"
    )
    if show:
        for query in queries:
            print("   ", query["time"], query["sql"][:160])
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(35)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print the SQL")
    args = parser.parse_args()
    from enterprise.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:6379/8"
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        import bench_runs

        from enterprise.demo_operator import seed_operator
        from invoicing.models import MonthCloseRun, PayoutRun
        from invoicing.services.billing_close import (
            month_close_chunk_run,
        )
        from invoicing.services.payouts import background
        from tests.invoicing.billing.factories import user_with_roles

        seed_operator(stdout=io.StringIO())
        finance = user_with_roles("bench-finance", "finance")
        bench_runs._seed_workers(args.workers)
        bench_runs._seed_clients(args.clients)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def payout_start():
            from django.db import transaction

            with transaction.atomic():
                run = PayoutRun.objects.create(
                    pay_date=bench_runs.PAY_DATES[0], started_by=finance
                )
            background.runs.run_plan(
                PayoutRun, run.pk,
                lambda r: background.workers_due_query(r.pay_date),
            )  # fmt: skip
            return run

        def close_start():
            from django.db import transaction

            from invoicing.services import billing_close

            with transaction.atomic():
                run = MonthCloseRun.objects.create(
                    period=bench_runs.PERIODS[0], started_by=finance
                )
            plan = billing_close._close_plan
            billing_close.runs.run_plan(MonthCloseRun, run.pk, plan)
            return run

        # What a worker process pays once, not per chunk: URLs, the bank codes.
        from django.urls import reverse

        from enterprise import banks

        reverse("invoicing:payout_statement", args=[1])
        banks._banks()
        _chunked(
            "payout run", PayoutRun, payout_start,
            lambda run_id, keys: background.payout_run_chunk_run(
                run_id=run_id, worker_ids=keys
            ),
            args.profile,
        )  # fmt: skip
        _chunked(
            "month close", MonthCloseRun, close_start,
            lambda run_id, keys: month_close_chunk_run(run_id=run_id, client_ids=keys),
            args.profile,
            args.queries,
        )  # fmt: skip
    finally:
        teardown_databases(config, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
