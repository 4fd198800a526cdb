"""Task batches at scale on PostgreSQL: import, claims, bulk approval.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motouke_bench \\
        .venv/bin/python bench/bench_batches.py [--units 10000] [--claimers 8]

Creates a throw-away test database (test_<name>, migrated), prints the
figures and drops it. Each figure is set beside the raw SQL doing the same
rows in the same run (a bulk INSERT, the same UPDATEs), as a ratio:

- import: the service parsing and checking a 10,000-row CSV and inserting
  the units, against one execute_values INSERT of the same rows;
- claims: 8 claimers (one process each, like gunicorn workers) taking one
  unit, then ten, at a time through the service, against 8 processes
  running the bare SKIP LOCKED UPDATE of as many rows;
- approval: approving 10,000 submitted units through the service, against
  the bare UPDATE of the same rows.

Targets on the two-core machine: import under 3 s, approval under 2 s, each
no more than 3× its raw counterpart. A script that prints, not a test.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGETS = {"import": 3.0, "approval": 2.0}


def _csv(units: int) -> bytes:
    rows = ["店名,住所"] + [
        f"はるかぜ茶房 {n}号店,東京都千代田区丸の内{n % 9 + 1}-{n % 30 + 1}"
        for n in range(1, units + 1)
    ]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


def _world(claimers: int):
    """A director, workers and an engagement being planned with a task subtask."""
    from engagements.services import decomposition, intake, quotes
    from engagements.services.quotes import LineInput
    from tests.engagements import factories as f

    client = f.active_client()
    sales = f.user_with_roles("bench-sales", "sales")
    director = f.user_with_roles("bench-director", "director")
    contact = f.contact_for(client, "bench-contact")
    workers = [f.worker(f"bench-worker{n}") for n in range(claimers)]
    today = timezone.localdate()
    engagement = intake.engagement_create(
        client=client, by=sales, title="ベンチマーク", category=f.writing(),
        purpose="計測", deliverables="入力", acceptance_criteria="誤りがないこと",
        deadline=today + timezone.timedelta(days=30), budget=10_000_000,
    )  # fmt: skip
    intake.engagement_submit_for_quote(engagement=engagement, by=sales)
    quote = quotes.quote_save(
        engagement=engagement, by=sales,
        lines=[LineInput("データ入力", 10_000, "件", 55)],
        valid_until=today + timezone.timedelta(days=7),
    )  # fmt: skip
    quotes.quote_accept(
        quote=quotes.quote_send(quote=quote, by=sales), by=contact, ip=None
    )
    decomposition.engagement_assign_director(
        engagement=engagement, director=director, by=sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=director)
    return director, workers, engagement


def _batch(engagement, director, title):
    from engagements.services import batches, decomposition

    subtask = decomposition.subtask_create(
        engagement=engagement, by=director, title=title, instructions="入力",
        deliverable_spec="入力", reward=1, due_at=timezone.now()
        + timezone.timedelta(days=7), work_format="task",
    )  # fmt: skip
    return batches.batch_create(
        subtask=subtask, by=director, instructions="電話番号を入力",
        input_fields=["店名", "住所"], answer_fields=["電話番号"], unit_reward=30,
        max_units_per_worker=1_000_000,
    )  # fmt: skip


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_import(director, engagement, units: int) -> tuple[float, float]:
    from psycopg2.extras import execute_values

    from engagements.services import batches

    data = _csv(units)
    batch = _batch(engagement, director, "取り込み")
    service, created = _timed(
        lambda: batches.batch_import_csv(batch=batch, by=director, data=data)
    )
    assert created == units
    raw_batch = _batch(engagement, director, "取り込み（素の INSERT）")

    def raw():
        values = [
            (raw_batch.pk, n, 1, json.dumps(unit), "open", False, False, "", "")
            for n, unit in enumerate(_rows(data), start=1)
        ]
        with connection.cursor() as cursor:
            execute_values(
                cursor.cursor,
                "INSERT INTO engagements_taskunit (batch_id, row_number, replica,"
                " input, state, disputed, approved_automatically, rejection_code,"
                " evidence) VALUES %s",
                values,
                page_size=2_000,
            )

    seconds, _ = _timed(raw)
    return service, seconds


def _rows(data: bytes):
    text = data.decode("utf-8-sig").splitlines()[1:]
    for line in text:
        name, address = line.split(",")
        yield {"店名": name, "住所": address}


def _race(workers, claim_one) -> tuple[float, int]:
    """Each worker claims in a process of its own (as gunicorn workers would,
    each with its own connection) until ``claim_one(worker)`` gets nothing.
    Returns the wall time from the common start and the units claimed."""
    context = multiprocessing.get_context("fork")
    connections.close_all()  # the children open their own
    gate = context.Barrier(len(workers) + 1)
    results = context.Queue()

    def run(worker):
        claimed = 0
        gate.wait()
        while got := claim_one(worker):
            claimed += got
        results.put(claimed)
        connections.close_all()

    processes = [context.Process(target=run, args=(w,)) for w in workers]
    for process in processes:
        process.start()
    gate.wait()
    start = time.perf_counter()
    total = sum(results.get() for _ in processes)
    for process in processes:
        process.join()
    return time.perf_counter() - start, total


def bench_claims(director, engagement, workers, units: int, per_claim: int) -> tuple:
    from engagements.services import batches

    batch = _batch(engagement, director, f"受け取り {per_claim}件ずつ")
    batches.batch_import_csv(batch=batch, by=director, data=_csv(units))
    batches.batch_publish(batch=batch, by=director)
    service = _race(
        workers,
        lambda w: len(batches.units_claim(batch=batch, by=w, count=per_claim)),
    )
    # Every unit claimed exactly once: as many claimed rows as claims made.
    assert batch.units.filter(state="claimed").count() == service[1] == units
    raw_batch = _batch(engagement, director, f"素の UPDATE {per_claim}件ずつ")
    batches.batch_import_csv(batch=raw_batch, by=director, data=_csv(units))
    sql = (
        "UPDATE engagements_taskunit SET state = 'claimed', claimed_by_id = %s,"
        " claimed_at = now(), expires_at = now() + interval '15 minutes'"
        " WHERE id IN (SELECT id FROM engagements_taskunit WHERE batch_id = %s"
        " AND state = 'open' ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)"
    )

    def raw_claim(worker):
        with connection.cursor() as cursor:
            cursor.execute(sql, [worker.pk, raw_batch.pk, per_claim])
            return cursor.rowcount

    raw = _race(workers, raw_claim)
    held = batch.units.values("claimed_by").distinct().count()
    return service, raw, held


def bench_approval(director, engagement, workers, units: int) -> tuple:
    from engagements.models import TaskUnit
    from engagements.services import batch_review, batches

    batch = _batch(engagement, director, "承認")
    batches.batch_import_csv(batch=batch, by=director, data=_csv(units))
    ids = list(batch.units.values_list("id", flat=True))

    def submit_all():
        now = timezone.now()
        for n, worker in enumerate(workers):
            TaskUnit.objects.filter(pk__in=ids[n :: len(workers)]).update(
                state="submitted", claimed_by=worker, claimed_at=now,
                answer={"電話番号": "03-0000-0000"}, submitted_at=now,
                auto_approve_at=now + timezone.timedelta(days=3), reviewed_at=None,
            )  # fmt: skip

    submit_all()
    every, approved = _timed(
        lambda: batch_review.units_approve(batch=batch, by=director)
    )
    assert approved == units
    submit_all()
    by_ids, approved = _timed(
        lambda: batch_review.units_approve(batch=batch, by=director, unit_ids=ids)
    )
    assert approved == units
    submit_all()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE engagements_taskunit SET state = 'approved',"
                " reviewed_at = now(), reviewed_by_id = %s"
                " WHERE batch_id = %s AND state = 'submitted'",
                [director.pk, batch.pk],
            )
            return cursor.rowcount

    raw_seconds, approved = _timed(raw)
    assert approved == units
    return every, by_ids, raw_seconds


def _line(label, seconds, raw, target=None):
    ratio = seconds / raw if raw else float("inf")
    verdict = []
    if target is not None:
        verdict.append("OK" if seconds < target else f"OVER {target:.0f} s")
    verdict.append("OK" if ratio <= 3 else "OVER 3×")
    print(
        f"{label:<34} {seconds:7.3f} s   raw {raw:7.3f} s   "
        f"ratio {ratio:5.2f}×   {' / '.join(verdict)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--claimers", type=int, default=8)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print(
            "bench_batches: set DATABASE_URL to a PostgreSQL database", file=sys.stderr
        )
        return 2
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        director, workers, engagement = _world(args.claimers)
        print(
            f"PostgreSQL {connection.pg_version // 10000}, {args.units:,} units, "
            f"{args.claimers} claimers"
        )
        service, raw = bench_import(director, engagement, args.units)
        _line("import (CSV → units)", service, raw, TARGETS["import"])
        for per_claim in (1, 10):
            (seconds, claimed), (raw_seconds, raw_claimed), held = bench_claims(
                director, engagement, workers, args.units, per_claim
            )
            rate, raw_rate = claimed / seconds, raw_claimed / raw_seconds
            print(
                f"{f'claims, {per_claim} unit(s) each':<34} {rate:7.0f}/s  "
                f"raw {raw_rate:7.0f}/s  ratio {raw_rate / rate:5.2f}×   "
                f"({claimed:,} units to {held} workers in {seconds:.2f} s, "
                "none twice)"
            )
        every, by_ids, raw = bench_approval(director, engagement, workers, args.units)
        _line("approval (every submitted unit)", every, raw, TARGETS["approval"])
        _line(f"approval ({args.units:,} ids posted)", by_ids, raw, TARGETS["approval"])
    finally:
        connections.close_all()
        teardown_databases(config, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
