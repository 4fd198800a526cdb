"""The month close and the payout run at scale, with one and two Celery workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_runs_bench \\
        .venv/bin/python bench/bench_runs.py [--workers 5000] [--clients 1000] \\
        [--mails]

Creates a throw-away test database (test_<name>, migrated), seeds it, and
times each run from the start (what finance's button does) to the run's
``done``: real ``celery -A enterprise worker --concurrency 1`` processes on
Redis (database ``--redis-db``, 8 by default): one, two, two, then one
again, each on fresh data of the same size (a pay date, a period each),
so both configurations meet the database grown alike. The PDFs
and mails the runs queue are dropped with the queue afterwards. Prints the
figures (each configuration's mean) against the targets of issue 15 and
drops the database. A script
that prints, not a test.
"""

import argparse
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

# One pay date and one period per timed run: the runs go one worker, two,
# two, one (ABBA), each configuration meeting on average the same grown
# database (a run leaves 5,000 statements or 1,000 invoices behind it).
PAY_DATES = [
    datetime.date(2026, m, d) for m, d in ((7, 31), (8, 31), (9, 30), (10, 30))
]
PERIODS = ["2026-03", "2026-04", "2026-05", "2026-06"]
ORDER = (1, 2, 2, 1)
TARGETS = {"payout": 20.0, "close": 30.0, "speedup": 1.7}


def _seed_workers(count: int, *, mails: bool = False) -> None:
    """``count`` workers with a profile, a bank account and, for each pay
    date, two scheduled lines (rewards subject to withholding); with
    ``mails`` an e-mail address each, so the run renders and queues a mail
    per statement as it does for real workers."""
    from enterprise.models import User
    from invoicing.models import PayoutLine
    from workers.models import BankAccount, WorkerProfile

    users = User.objects.bulk_create(
        User(
            username=f"bench-w{n}",
            last_name="作業",
            first_name=f"{n}号",
            email=f"bench-w{n}@example.jp" if mails else "",
        )  # fmt: skip
        for n in range(count)
    )
    profiles = WorkerProfile.objects.bulk_create(
        WorkerProfile(
            user=user,
            kind="individual",
            legal_name=f"作業 {n}号",
            legal_name_kana="サギョウ",
            display_name=user.username,
            registration_number="" if n % 3 else "T1234567890123",
        )  # fmt: skip
        for n, user in enumerate(users)
    )
    BankAccount.objects.bulk_create(
        BankAccount(
            profile=profile,
            bank_code="0005",
            bank_name="三菱UFJ銀行",
            branch_code="123",
            branch_name="本店",
            account_type=1,
            account_number=f"{n:07d}",
            holder_name="ｻｷﾞﾖｳ",
        )  # fmt: skip
        for n, profile in enumerate(profiles)
    )
    received = datetime.date(2026, 8, 20)
    PayoutLine.objects.bulk_create(
        (
            PayoutLine(
                worker=user,
                kind="reward",
                description="記事作成",
                category_code="writing",
                amount=10_000 * (1 + n % 7) + k,
                fee=1_000,
                withholding_subject=True,
                received_on=received,
                pay_date=pay_date,
                latest_legal_date=received,
                state="scheduled",
            )  # fmt: skip
            for n, user in enumerate(users)
            for pay_date in PAY_DATES
            for k in (0, 500)
        ),
        batch_size=2000,
    )


def _seed_clients(count: int) -> None:
    """``count`` clients with an engagement completed in each period."""
    from tests.invoicing.billing import factories as f

    for n in range(count):
        company = f.client(f"株式会社計測{n}")
        for period in PERIODS:
            year, month = (int(part) for part in period.split("-"))
            f.completed_engagement(
                company, "記事", [("記事", 1, 10_000 + n)],
                completed_on=datetime.date(year, month, 10),
            )  # fmt: skip


def _workers(processes: int, redis_url: str, log_dir: str) -> list:
    db = connection.settings_dict
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "enterprise.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": redis_url,
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "localhost",
    }
    started = []
    for n in range(processes):
        log = Path(log_dir) / f"{time.monotonic_ns()}-worker{n}.log"
        command = [
            str(ROOT / ".venv/bin/celery"), "-A", "enterprise", "worker",
            "--concurrency", "1", "--pool", "prefork", "-n", f"bench{n}@%h",
            "--loglevel", "INFO", "--without-heartbeat", "--without-gossip",
            "--without-mingle",
        ]  # fmt: skip
        handle = log.open("w")
        started.append(
            (
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
                ),
                log,
            )  # fmt: skip
        )
    deadline = time.monotonic() + 60
    for _process, log in started:
        while "ready." not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    return [process for process, _log in started], [log for _process, log in started]


def _stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _timed(start, run_model, redis_url, processes, log_dir) -> float:
    """Seconds from the start of a run to its end, on ``processes`` workers."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    workers, logs = _workers(processes, redis_url, log_dir)
    try:
        began = time.perf_counter()
        run = start()
        while True:
            run.refresh_from_db()
            if run.state in ("done", "failed"):
                break
            # 20 ms: at 0.1 s the end of a 3 s run was read up to 3 % late.
            time.sleep(0.02)
        elapsed = time.perf_counter() - began
    finally:
        _stop(workers)
        redis.Redis.from_url(redis_url).flushdb()
    if run.state != "done" or run.done != run.total:
        raise SystemExit(f"{run_model.__name__} ended {run.state}: {run.error}")
    print(f"    {processes} worker(s): {run.total:,} items in {elapsed:.1f} s")
    print(_timeline(logs))
    return elapsed


TASK_LINE = re.compile(
    r"^\[(\S+ \S+): [^]]+\] Task (\S+)\[\S+\] succeeded in ([\d.]+)s"
)
STARTERS = ("run_payouts", "run_month_close")


def _timeline(logs) -> str:
    """The serial parts of a run, from the workers' logs (their own clocks,
    so it holds on a loaded machine): how long the run task planned, when
    the first chunk started after it, each worker's chunks and busy time,
    the first chunk against the median (a fresh process's warm-up), and how
    long one worker idled at the end while another finished its last chunk.
    """
    starts, ends, per_worker, firsts, durations = [], [], [], [], []
    plan = None
    for log in logs:
        chunks = []
        for line in log.read_text().splitlines():
            match = TASK_LINE.match(line)
            if not match:
                continue
            at = datetime.datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f")
            seconds = float(match[3])
            name = match[2].rsplit(".", 1)[-1]
            if name in STARTERS:
                plan = (at - datetime.timedelta(seconds=seconds), seconds)
            elif name.endswith("_chunk"):
                chunks.append((at - datetime.timedelta(seconds=seconds), at, seconds))
        if chunks:
            starts.append(chunks[0][0])
            ends.append(chunks[-1][1])
            firsts.append(chunks[0][2])
            durations += [seconds for _start, _end, seconds in chunks]
            per_worker.append((len(chunks), sum(c[2] for c in chunks)))
    if plan is None or not durations:
        return "      (no task lines in the workers' logs)"
    durations.sort()
    median = durations[len(durations) // 2]
    first_start = (min(starts) - plan[0]).total_seconds()
    idle = (max(ends) - min(ends)).total_seconds()
    return (
        f"      plan {plan[1]:.2f} s, first chunk {first_start:.2f} s after the run "
        f"task started; chunks "
        + "/".join(f"{count} ({busy:.1f} s)" for count, busy in per_worker)
        + f"; first chunk {max(firsts):.2f} s (median {median:.2f} s); "
        f"idle at the end {idle:.2f} s"
    )


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _measure(name, starts, run_model, redis_url, log_dir) -> dict:
    times: dict[int, list[float]] = {1: [], 2: []}
    for start, processes in zip(starts, ORDER, strict=True):
        times[processes].append(_timed(start, run_model, redis_url, processes, log_dir))
        _analyze()
    one, two = (sum(times[n]) / len(times[n]) for n in (1, 2))
    return {"name": name, "one": one, "two": two, "speedup": one / two, "times": times}


def _report(result: dict, target: float) -> None:
    ok = result["one"] <= target and result["speedup"] >= TARGETS["speedup"]
    each = {n: "/".join(f"{t:.1f}" for t in ts) for n, ts in result["times"].items()}
    print(
        f"{result['name']}: 1 worker {result['one']:.1f} s ({each[1]}; target "
        f"≤ {target:.0f} s), 2 workers {result['two']:.1f} s ({each[2]}), "
        f"×{result['speedup']:.2f} "
        f"(target ≥ ×{TARGETS['speedup']}) {'ok' if ok else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--redis-db", type=int, default=8)
    parser.add_argument("--keep-logs", action="store_true")
    parser.add_argument(
        "--mails", action="store_true", help="workers with e-mail: a mail each"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    from enterprise.celery import app

    # The test settings run tasks eagerly: this process only sends them.
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        from enterprise.demo_operator import seed_operator
        from invoicing.models import MonthCloseRun, PayoutRun
        from invoicing.services import payouts
        from invoicing.services.billing_close import month_close_start
        from tests.invoicing.billing.factories import user_with_roles

        seed_operator(stdout=io.StringIO())
        finance = user_with_roles("bench-finance", "finance")
        began = time.perf_counter()
        _seed_workers(args.workers, mails=args.mails)
        _seed_clients(args.clients)
        _analyze()
        print(
            f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} cores; "
            f"seeded {args.workers:,} workers and {args.clients:,} clients in "
            f"{time.perf_counter() - began:.0f} s; chunks of "
            f"{settings.PAYOUT_RUN_CHUNK_SIZE} workers, "
            f"{settings.RUN_CHUNK_SIZE} clients"
            + ("; workers with e-mail" if args.mails else "")
        )
        connections.close_all()
        log_dir = tempfile.mkdtemp(prefix="bench_runs_")
        try:
            print("payout run:")
            payout = _measure(
                "payout run",
                [lambda day=day: payouts.payout_run_start(pay_date=day, by=finance)
                 for day in PAY_DATES],  # fmt: skip
                PayoutRun, redis_url, log_dir,
            )  # fmt: skip
            print("month close:")
            close = _measure(
                "month close",
                [lambda p=p: month_close_start(period=p, by=finance)
                 for p in PERIODS],  # fmt: skip
                MonthCloseRun, redis_url, log_dir,
            )  # fmt: skip
        finally:
            if args.keep_logs:
                print(f"worker logs: {log_dir}")
            else:
                shutil.rmtree(log_dir)
        _report(payout, TARGETS["payout"])
        _report(close, TARGETS["close"])
    finally:
        connections.close_all()
        teardown_databases(config, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
