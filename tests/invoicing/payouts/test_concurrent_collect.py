"""Eight collections of the formats' rewards at once (PostgreSQL: concurrent
writers on the unique keys): every unit, reward and week on exactly one
line, one units line per worker and batch."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from engagements.services import batch_review
from invoicing.models import PaidTaskUnit, PayoutLine
from invoicing.services import payouts

from .test_format_rewards import _answer, _batch, _competition, _hourly_week

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers: PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]
RUNS = 8


def test_parallel_collections_schedule_each_payable_once(
    operator, director, yamada, sato, suzuki
):
    _competition(director, winner=yamada, loser=sato)
    batch = _batch(director)
    _answer(batch, yamada, 5)
    _answer(batch, sato, 4)
    batch_review.units_approve(batch=batch, by=director)
    _hourly_week(director, suzuki)
    start, errors, made = threading.Barrier(RUNS), [], []

    def collect() -> None:
        try:
            start.wait()
            made.append(payouts.payout_lines_collect_formats())
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=collect) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(made) == 4  # participation, two units lines, one week
    units = PayoutLine.objects.filter(kind="task_units").order_by("worker__username")
    assert [(line.worker, line.quantity, line.amount) for line in units] == [
        (sato, 4, 120),
        (yamada, 5, 150),
    ]
    assert PaidTaskUnit.objects.count() == 9
    assert PayoutLine.objects.filter(kind="participation").count() == 1
    assert PayoutLine.objects.filter(kind="hours").count() == 1
    total = PayoutLine.objects.exclude(kind="reward").aggregate(t=Sum("amount"))["t"]
    assert total == 3_000 + 270 + 20_000
