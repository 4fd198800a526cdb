"""The month's exports at an operator's size on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_bench \\
        .venv/bin/python bench/bench_exports.py [--lines 100000] [--workers 5000]

Creates a throw-away test database (test_<name>, migrated), writes as many
paid payout statements as make ``--lines`` Yayoi lines in one month (four
lines each, the accrual journal's two vouchers: on receipt 外注費 / 未払金
and 預り金 withheld, from the statement's payout line received that month;
on the pay date 未払金 / 普通預金 and the fee kept) and ``--workers``
unpaid statements on one pay date, then runs the commands finance runs, each
in a process of its own forked from one with Django loaded (as a worker
of a running server is), and prints its time and that process's peak RSS:

- ``export_journal --period … --format yayoi`` (target: 100,000 lines in
  ≤ 10 s and ≤ 150 MB peak RSS);
- ``export_payouts --pay-date … --format zengin`` for 5,000 transfers
  (target: < 2 s).

A script that prints, not a test; the database is dropped at the end.
"""

import argparse
import datetime
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases  # noqa: E402

PERIOD = (2026, 11)
PAY_DATE = datetime.date(2026, 12, 30)
TARGETS = {"yayoi": (10.0, 150), "zengin": (2.0, None)}


def _statement(worker, n: int, pay_date, state):
    from invoicing.models import PayoutStatement

    # ¥20,000 + ¥2,000 tax − ¥1,000 fee − ¥2,042 withheld (10.21%) = ¥18,958.
    return PayoutStatement(
        worker=worker, number=f"PS-BENCH-{n:07d}", fiscal_year=2026,
        pay_date=pay_date, issue_date=pay_date - datetime.timedelta(days=5),
        state=state, payer_name="株式会社モトウケ", payer_address="東京都",
        worker_name=f"規模 太郎{worker.pk}", worker_kind="individual",
        period_start=pay_date.replace(day=1), period_end=pay_date,
        tax_treatment="registered", tax_rate="0.10", subtotal=20_000,
        consumption_tax=2_000, gross=22_000, fee=1_000, withholding_base=20_000,
        withholding=2_042, net=18_958,
        credit_breakdown=[{"rate": "1", "amount": 22_000, "credit": 2_000}],
    )  # fmt: skip


def _received(statement, n: int):
    """The payout line a paid statement pays, received five days before it
    was paid: the journal books its cost in the month of receipt."""
    from invoicing.models import PayoutLine

    received = statement.pay_date - datetime.timedelta(days=5)
    return PayoutLine(
        worker_id=statement.worker_id, kind=PayoutLine.Kind.REWARD,
        description=f"報酬 {n}", amount=20_000, withholding_subject=True,
        received_on=received, pay_date=statement.pay_date,
        latest_legal_date=received + datetime.timedelta(days=59),
        state=PayoutLine.State.PAID, statement=statement,
    )  # fmt: skip


def seed(lines: int, workers: int) -> None:
    from django.contrib.auth.hashers import make_password

    from enterprise.roles import WORKER
    from enterprise.scale import BATCH, bulk_users
    from invoicing.models import PayoutLine, PayoutStatement
    from workers.models import BankAccount, WorkerProfile
    from workers.scale import _account, _profile

    users = bulk_users("bench-worker", workers, WORKER, password=make_password("x"))
    profiles = WorkerProfile.objects.bulk_create(
        (_profile(n, u) for n, u in enumerate(users, start=1)), batch_size=BATCH
    )
    BankAccount.objects.bulk_create(
        (_account(n, p) for n, p in enumerate(profiles, start=1)), batch_size=BATCH
    )
    paid, issued = PayoutStatement.State.PAID, PayoutStatement.State.ISSUED
    journal = (lines + 3) // 4  # four journal lines per paid statement
    days = [datetime.date(*PERIOD, day) for day in (10, 20, 30)]
    statements = PayoutStatement.objects.bulk_create(
        (_statement(users[n % workers], n, days[n % 3], paid) for n in range(journal)),
        batch_size=BATCH,
    )
    PayoutLine.objects.bulk_create(
        (_received(s, n) for n, s in enumerate(statements)), batch_size=BATCH
    )
    del statements
    PayoutStatement.objects.bulk_create(
        (_statement(u, journal + n, PAY_DATE, issued) for n, u in enumerate(users)),
        batch_size=BATCH,
    )


def _create_database() -> None:
    setup_databases(verbosity=0, interactive=False)


def _in_child(target, *args):
    """Run ``target(*args)`` in a forked process (its own connection, its own
    peak RSS, Django already loaded as a running server has it); its result."""
    context = multiprocessing.get_context("fork")
    connections.close_all()
    results = context.Queue()

    def child():
        results.put(target(*args))
        connections.close_all()

    process = context.Process(target=child)
    process.start()
    result = results.get()
    process.join()
    return result


def _command(command: list[str]) -> tuple[float, int, bytes]:
    out = Path(tempfile.mkdtemp()) / "export"
    started = time.perf_counter()
    call_command(*command, "-o", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return seconds, peak_mb, out.read_bytes()


def run(command: list[str]) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS (MB) and output of one command, run as finance
    runs it, in a process of its own."""
    return _in_child(_command, command)


def report(name: str, seconds: float, rss: int, detail: str) -> None:
    limit_s, limit_mb = TARGETS[name]
    ok = seconds <= limit_s and (limit_mb is None or rss <= limit_mb)
    target = f"≤ {limit_s:g} s" + (f", ≤ {limit_mb} MB" if limit_mb else "")
    verdict = "meets" if ok else "MISSES"
    print(f"{name:<7}{detail:<28}{seconds:>7.2f} s {rss:>6} MB  {verdict} {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=5_000)
    args = parser.parse_args()
    # The database is created and migrated in a child: the process the
    # exports fork from holds Django loaded, as a server's worker does, not
    # the migrations' memory (which was most of the peak measured).
    original = connection.settings_dict["NAME"]
    _in_child(_create_database)
    connection.settings_dict["NAME"] = connection.creation._get_test_db_name()
    try:
        started = time.perf_counter()
        _in_child(seed, args.lines, args.workers)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        period = f"{PERIOD[0]}-{PERIOD[1]:02d}"
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"Django loaded (the exports fork from it): {base} MB")
        seconds, rss, out = run(["export_journal", "--period", period])
        rows = out.count(b"\r\n")
        report("yayoi", seconds, rss, f"{rows:,} lines")
        seconds, rss, out = run(
            ["export_payouts", "--pay-date", PAY_DATE.isoformat(), "--format", "zengin"]
        )
        size = len(out)
        report("zengin", seconds, rss, f"{args.workers:,} transfers, {size:,} B")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
