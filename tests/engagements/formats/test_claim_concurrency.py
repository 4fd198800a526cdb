"""Fifty workers claim from a hundred units at once (PostgreSQL).

Each thread has its own connection; SELECT … FOR UPDATE SKIP LOCKED hands
each unit to exactly one of them. The flush after it empties the database;
post_migrate handlers put the migrations' reference rows back.
"""

import threading

import pytest
from django.db import connection

from engagements.models import TaskUnit
from engagements.services import batches
from engagements.services._base import EngagementError

from .. import factories as f
from .conftest import csv_bytes, shop_rows


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent claims need PostgreSQL (SQLite allows one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_fifty_threads_claim_a_hundred_units_once_each(world, batch):
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(100))
    )
    batches.batch_publish(batch=batch, by=world.director)
    workers = [f.worker(f"claimer{i}") for i in range(50)]
    claimed: list[list[int]] = [[] for _ in workers]
    errors: list[Exception] = []
    start = threading.Barrier(len(workers))

    def claim(index: int, worker) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            while True:
                units = batches.units_claim(batch=batch, by=worker, count=1)
                if not units:
                    return
                claimed[index].extend(u.pk for u in units)
        except Exception as exc:  # reported below, with the thread's failure
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=claim, args=(i, w)) for i, w in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    every = [pk for pks in claimed for pk in pks]
    assert len(every) == 100 and len(set(every)) == 100
    assert TaskUnit.objects.filter(batch=batch, state="claimed").count() == 100
    holders = dict(TaskUnit.objects.filter(batch=batch).values_list("pk", "claimed_by"))
    for worker, pks in zip(workers, claimed, strict=True):
        assert all(holders[pk] == worker.pk for pk in pks)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent claims need PostgreSQL (SQLite allows one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_one_worker_claiming_from_ten_tabs_at_once_stops_at_the_limit(world, batch):
    batch.max_units_per_worker = 3
    batch.save(update_fields=["max_units_per_worker"])
    batches.batch_import_csv(
        batch=batch, by=world.director, data=csv_bytes(shop_rows(20))
    )
    batches.batch_publish(batch=batch, by=world.director)
    got: list[int] = []
    refused: list[Exception] = []
    start = threading.Barrier(10)

    def claim() -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            got.extend(u.pk for u in batches.units_claim(batch=batch, by=world.alice))
        except EngagementError as exc:
            refused.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=claim) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 3 and len(refused) == 7
    held = TaskUnit.objects.filter(batch=batch, claimed_by=world.alice)
    assert held.count() == 3
