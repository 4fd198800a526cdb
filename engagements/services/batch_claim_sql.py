"""The claim's hot path on PostgreSQL: a whole claim in one round trip.

A claim is thousands a minute at peak. It used to be five round trips: the
batch's rules, the skill and the certification checks, the worker's row
locked with their units counted, then the UPDATE. ``claim_in_one_trip``
sends two statements in one message, which PostgreSQL runs as one
transaction:

1. the worker's row locked (``FOR UPDATE``), so two claims of one worker
   still cannot both pass the batch's most units per worker;
2. one ``WITH … UPDATE … RETURNING``: the batch, if open and the worker
   eligible (the same rules as ``batches.may_claim``), with the units the
   worker has left (counted in this statement's snapshot, taken after the
   lock was granted); that many open units picked ``FOR UPDATE SKIP
   LOCKED`` (two claimers never take the same unit, neither waits); held.

It returns the units held, or [] for every reason a claim can get nothing
(closed batch, not eligible, limit reached, none left): the caller then
takes the slow path, which says which. Only for a batch without
redundancy: with it, a worker must get at most one replica of a row, which
the Python path in ``batches`` decides.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from workers.models import Certification, WorkerProfile, WorkerSkill

from ..models import TaskBatch, TaskUnit
from .formats import HELD

_SQL = """
SELECT 1 FROM {user_table} WHERE id = %s FOR UPDATE;
WITH batch AS ({batch_sql}),
picked AS (
    SELECT id FROM {table} WHERE batch_id = %s AND state = %s ORDER BY id
    LIMIT LEAST(%s, GREATEST(COALESCE((SELECT units_left FROM batch), 0), 0))
    FOR UPDATE SKIP LOCKED
)
UPDATE {table} AS unit
SET state = %s, claimed_by_id = %s, claimed_at = %s,
    expires_at = %s + make_interval(mins => (SELECT minutes_per_claim FROM batch))
FROM picked WHERE unit.id = picked.id
RETURNING unit.*
"""


def supported() -> bool:
    return connection.vendor == "postgresql"


# Stand-ins compiled into the statement once per process, then swapped for
# the claim's own batch and worker (compiling the ORM query cost more CPU
# than PostgreSQL spent running the claim).
_BATCH, _USER, _COUNT, _NOW = -7_300_001, -7_300_002, -7_300_003, -7_300_004


def _eligible_batch(batch_id: int, user_id: int):
    """The batch's row when it is open without redundancy and the worker may
    claim from it, with how many units the worker has left."""
    done = (
        TaskUnit.objects.filter(batch_id=OuterRef("pk"), claimed_by_id=user_id)
        .order_by()
        .values("batch_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    certified = Certification.objects.filter(
        worker_id=user_id,
        category_id=OuterRef("subtask__engagement__category_id"),
        status__in=HELD,
        level__rank__gte=OuterRef("required_level__rank"),
    )
    skilled = WorkerSkill.objects.filter(
        profile__user_id=user_id, skill_id=OuterRef("required_skill_id")
    )
    return (
        TaskBatch.objects.filter(pk=batch_id, state=TaskBatch.State.OPEN, redundancy=1)
        .exclude(subtask__engagement__director_id=user_id)
        .filter(
            Exists(
                WorkerProfile.objects.filter(
                    user_id=user_id, status=WorkerProfile.Status.ACTIVE
                )
            ),
            Q(required_skill__isnull=True) | Exists(skilled),
            Q(required_level__isnull=True)
            | Q(required_level__rank=0)
            | Exists(certified),
        )
        .annotate(
            units_left=F("max_units_per_worker")
            - Coalesce(Subquery(done, output_field=IntegerField()), 0)
        )
        .order_by()
        .values("units_left", "minutes_per_claim")
    )


@cache
def _statement() -> tuple[str, tuple]:
    """The claim's SQL and its parameters, the batch and worker as stand-ins."""
    batch_sql, batch_params = _eligible_batch(_BATCH, _USER).query.sql_with_params()
    sql = _SQL.format(
        user_table=get_user_model()._meta.db_table,
        table=TaskUnit._meta.db_table,
        batch_sql=batch_sql,
    )
    params = (
        _USER,
        *batch_params,
        _BATCH,
        TaskUnit.State.OPEN,
        _COUNT,
        TaskUnit.State.CLAIMED,
        _USER,
        _NOW,
        _NOW,
    )
    return sql, params


def claim_in_one_trip(*, batch_id: int, by, count: int, now) -> list[TaskUnit]:
    """Hold up to ``count`` open units of the batch for ``by`` if they may
    claim; the units held, in id order ([] when they get none, whatever the
    reason). The caller has checked the user's own flags (active, a worker)."""
    sql, template = _statement()
    values = {_BATCH: batch_id, _USER: by.pk, _COUNT: count, _NOW: now}
    params = [values.get(p, p) if type(p) is int else p for p in template]
    units = sorted(TaskUnit.objects.raw(sql, params), key=lambda unit: unit.pk)
    for unit in units:
        unit.claimed_by = by
    return units
