"""Task batches (タスク形式): set up, import, open, claim, answer, expire, close.

Whole sets move in single statements: the import is a bulk INSERT, a claim
one round trip on PostgreSQL, the expiry one UPDATE for every batch. A
unit is never held by two workers: on PostgreSQL the claim takes the next
open units with ``SELECT … FOR UPDATE SKIP LOCKED`` (concurrent claimers
skip each other's rows instead of waiting), and every claim is a conditional
UPDATE (``WHERE state = 'open'``), which is what keeps SQLite safe.

Claims and answers of single units write no audit rows: the unit records who
and when (claimed_by, claimed_at, submitted_at). The director's actions on
a batch are audited on the batch.
"""

import datetime
import unicodedata
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Exists, IntegerField, Max, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action, update_logged
from enterprise.fsm import apply_transition
from enterprise.roles import WORKER
from workers.models import Certification, WorkerProfile, WorkerSkill

from .. import rules
from ..models import Subtask, TaskBatch, TaskUnit
from . import batch_claim_sql, batch_csv, batch_insert
from ._base import EngagementError, lock, require
from .formats import HELD, eligible_workers, format_setting

U = TaskUnit.State
DONE = [U.SUBMITTED, U.APPROVED, U.REJECTED]
BATCH_FIELDS = (
    "minutes_per_claim",
    "max_units_per_worker",
    "required_skill",
    "required_level",
    "redundancy",
    "auto_approve_days",
    "appeal_days",
    "rejection_cap_min",
    "rejection_cap_rate",
)


def _field_names(value, label: str) -> list[str]:
    names = [n.strip() for n in value] if isinstance(value, list) else []
    names = [n for n in names if n]
    require(bool(names), _("Name at least one %(what)s.") % {"what": label})
    require(
        len(set(names)) == len(names),
        _("Each %(what)s needs its own name.") % {"what": label},
    )
    require(
        not any(n.startswith(batch_csv.GOLD_PREFIX) for n in names),
        _("Names cannot start with “%(prefix)s”.") % {"prefix": batch_csv.GOLD_PREFIX},
    )
    return names


@transaction.atomic
def batch_create(
    *,
    subtask: Subtask,
    by,
    instructions: str,
    input_fields: list[str],
    answer_fields: list[str],
    unit_reward: int,
    **options,
) -> TaskBatch:
    """Define the template of a task subtask's batch (before the CSV import).

    ``options`` are any of BATCH_FIELDS; unset ones take the operator's
    defaults (settings.ENGAGEMENTS). The subtask must be an open task subtask
    without a batch.
    """
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    require(
        subtask.work_format == Subtask.Format.TASK
        and subtask.state == Subtask.State.OPEN,
        _("A batch belongs to an open task subtask."),
    )
    require(
        not TaskBatch.objects.filter(subtask=subtask).exists(),
        _("This subtask already has a batch."),
    )
    require(bool((instructions or "").strip()), _("Write the instructions."))
    require(unit_reward and unit_reward > 0, _("Enter the reward per unit."))
    inputs = _field_names(input_fields, _("input column"))
    answers = _field_names(answer_fields, _("answer field"))
    require(
        not set(inputs) & set(answers),
        _("An answer field cannot share a name with an input column."),
    )
    unknown = set(options) - set(BATCH_FIELDS)
    require(not unknown, f"unknown options: {sorted(unknown)}")
    defaults = {
        "auto_approve_days": format_setting("TASK_AUTO_APPROVE_DAYS"),
        "appeal_days": format_setting("TASK_APPEAL_DAYS"),
        "rejection_cap_min": format_setting("TASK_REJECTION_CAP_MIN"),
        "rejection_cap_rate": format_setting("TASK_REJECTION_CAP_RATE"),
    }
    options = {k: v for k, v in options.items() if v is not None}
    batch = TaskBatch(
        subtask=subtask,
        instructions=instructions.strip(),
        input_fields=inputs,
        answer_fields=answers,
        unit_reward=unit_reward,
        created_by=by,
        **{**defaults, **options},
    )
    batch.full_clean(exclude=["subtask", "created_by", "state"])
    batch.save()
    log_action(
        target=batch,
        action="engagements.taskbatch.created",
        by=by,
        to_state=batch.state,
        data={"unit_reward": unit_reward, "redundancy": batch.redundancy},
    )
    return batch


def _director_batch(batch: TaskBatch, by) -> TaskBatch:
    batch = lock(TaskBatch, batch.pk)
    if not rules.is_director(batch.subtask, by):
        raise PermissionDenied
    return batch


@transaction.atomic
def batch_import_csv(*, batch: TaskBatch, by, data: bytes) -> int:
    """Add the units of a CSV (one per row, times the redundancy).

    All or nothing: any bad row refuses the file (EngagementError naming each
    line) and no unit is stored. Rows are numbered on after the batch's last
    one. The subtask's reward becomes the batch's total (units × unit reward).
    Returns the number of units created.
    """
    batch = _director_batch(batch, by)
    require(batch.state != TaskBatch.State.CLOSED, _("This batch is closed."))
    rows = batch_csv.parse_units(
        data,
        input_fields=batch.input_fields,
        answer_fields=batch.answer_fields,
        max_rows=format_setting("TASK_IMPORT_MAX_ROWS"),
    )
    start = batch.units.aggregate(last=Max("row_number"))["last"] or 0
    batch_insert.insert_units(
        batch_id=batch.pk,
        rows=rows,
        start=start,
        redundancy=batch.redundancy,
        chunk=format_setting("TASK_IMPORT_CHUNK"),
    )
    created = len(rows) * batch.redundancy
    total = batch.units.count()
    Subtask.objects.filter(pk=batch.subtask_id).update(reward=total * batch.unit_reward)
    log_action(
        target=batch,
        action="engagements.taskbatch.imported",
        by=by,
        data={
            "rows": len(rows),
            "units": created,
            "gold": sum(1 for r in rows if r.gold),
        },
    )
    return created


@transaction.atomic
def batch_publish(*, batch: TaskBatch, by) -> TaskBatch:
    """Open (or reopen after a pause) the batch to eligible workers."""
    batch = _director_batch(batch, by)
    require(batch.units.exists(), _("Import the units first."))
    require(
        batch.subtask.engagement.state == "in_progress"
        or batch.subtask.engagement.state == "planning",
        _("Units can be worked on while the engagement is planned or in progress."),
    )
    apply_transition(batch, "publish", by=by, action="engagements.taskbatch.opened")
    return batch


@transaction.atomic
def batch_pause(*, batch: TaskBatch, by) -> TaskBatch:
    """Stop new claims; units already claimed can still be answered."""
    batch = _director_batch(batch, by)
    apply_transition(batch, "pause", by=by, action="engagements.taskbatch.paused")
    return batch


@transaction.atomic
def batch_close(*, batch: TaskBatch, by, withdraw_open: bool = False) -> TaskBatch:
    """Close a batch whose units are all reviewed; the subtask is approved.

    With ``withdraw_open`` the units nobody claimed are removed first (the
    client's job was finished another way). Claimed or submitted units keep
    the batch open: they expire, or are reviewed (or approved automatically).
    """
    batch = _director_batch(batch, by)
    withdrawn = 0
    if withdraw_open:
        withdrawn, _deleted = batch.units.filter(state=U.OPEN).delete()
    waiting = batch.units.filter(state__in=[U.OPEN, U.CLAIMED, U.SUBMITTED]).count()
    require(
        waiting == 0,
        _("%(n)s units are not reviewed yet; the batch closes once all are.")
        % {"n": f"{waiting:,}"},
    )
    apply_transition(
        batch,
        "close",
        by=by,
        action="engagements.taskbatch.closed",
        data={"withdrawn": withdrawn},
    )
    subtask = lock(Subtask, batch.subtask_id)
    Subtask.objects.filter(pk=subtask.pk).update(
        reward=batch.units.count() * batch.unit_reward
    )
    apply_transition(
        subtask,
        "complete_batch",
        by=by,
        action="engagements.subtask.batch_completed",
        update_fields=("approved_at",),
        at=timezone.now(),
    )
    return batch


# --- Workers: eligibility, claim, answer, expiry ------------------------------


def batch_workers(batch: TaskBatch):
    """Who may claim units: the required skill and certification, if any."""
    engagement = batch.subtask.engagement
    return eligible_workers(
        category=engagement.category,
        skill=batch.required_skill,
        level=batch.required_level,
    ).exclude(pk=engagement.director_id)


CLAIM_FIELDS = (
    "state",
    "max_units_per_worker",
    "minutes_per_claim",
    "redundancy",
    "required_skill_id",
    "required_level__rank",
    "subtask__engagement__category_id",
    "subtask__engagement__director_id",
)


def may_claim(rules_of_batch: dict, user) -> bool:
    """``batch_workers`` for one worker, from the batch's row (``CLAIM_FIELDS``
    and ``has_profile``) and at most two small queries: the claim is the hot
    path (thousands a minute), so no big join per call."""
    if (
        not user.is_active
        or not user.has_role(WORKER)
        or user.pk == rules_of_batch["subtask__engagement__director_id"]
        or not rules_of_batch["has_profile"]
    ):
        return False
    skill = rules_of_batch["required_skill_id"]
    if (
        skill
        and not WorkerSkill.objects.filter(
            profile__user_id=user.pk, skill_id=skill
        ).exists()
    ):
        return False
    rank = rules_of_batch["required_level__rank"]
    return (
        not rank
        or Certification.objects.filter(
            worker_id=user.pk,
            category_id=rules_of_batch["subtask__engagement__category_id"],
            status__in=HELD,
            level__rank__gte=rank,
        ).exists()
    )


def units_claim(
    *, batch: TaskBatch, by, count: int = 1, now: datetime.datetime | None = None
) -> list[TaskUnit]:
    """Give ``by`` up to ``count`` open units, each held until its time runs out.

    Returns the units claimed ([] when none is left). Raises EngagementError
    when the batch is not open or the worker has reached the batch's most
    units, PermissionDenied when the worker is not eligible. The worker's
    row is locked so two claims of one worker cannot both pass the limit.

    On PostgreSQL a batch without redundancy is claimed in one round trip
    (batch_claim_sql); only a claim that gets nothing there comes down here
    to learn why.
    """
    now = now or timezone.now()
    count = max(1, min(int(count), format_setting("TASK_CLAIM_MAX")))
    if (
        batch.redundancy == 1
        and batch_claim_sql.supported()
        and by.is_active
        and by.has_role(WORKER)
    ):
        units = batch_claim_sql.claim_in_one_trip(
            batch_id=batch.pk, by=by, count=count, now=now
        )
        if units:
            return units
    found = (
        TaskBatch.objects.filter(pk=batch.pk)
        .annotate(
            # A suspended worker (or one who left) claims nothing.
            has_profile=Exists(
                WorkerProfile.objects.filter(
                    user_id=by.pk, status=WorkerProfile.Status.ACTIVE
                )
            )
        )
        .values(*CLAIM_FIELDS, "has_profile")
        .first()
    )
    require(
        found is not None and found["state"] == TaskBatch.State.OPEN,
        _("This batch is not open."),
    )
    if not may_claim(found, by):
        raise PermissionDenied
    with transaction.atomic():
        # The worker's row locked and their units counted in one round trip.
        done = (
            get_user_model()
            .objects.select_for_update(of=("self",))
            .filter(pk=by.pk)
            .annotate(done=_claimed_count(batch.pk, by))
            .values_list("done", flat=True)
        )
        left = found["max_units_per_worker"] - (done[0] or 0)
        require(
            left > 0,
            _("You have done the most units this batch allows (%(n)s).")
            % {"n": found["max_units_per_worker"]},
        )
        held = {
            "state": U.CLAIMED,
            "claimed_by": by,
            "claimed_at": now,
            "expires_at": now + datetime.timedelta(minutes=found["minutes_per_claim"]),
        }
        units = _pick_open(batch.pk, found["redundancy"], by, min(count, left))
        if not units:
            return []
        ids = [unit.pk for unit in units]
        claimed = TaskUnit.objects.filter(pk__in=ids, state=U.OPEN).update(**held)
        if claimed == len(units):  # always so when the rows were locked
            for unit in units:
                for field, value in held.items():
                    setattr(unit, field, value)
            return units
        return list(
            TaskUnit.objects.filter(
                pk__in=ids, claimed_by=by, claimed_at=now, state=U.CLAIMED
            )
        )


def _claimed_count(batch_id: int, by):
    counted = (
        TaskUnit.objects.filter(batch_id=batch_id, claimed_by=by)
        .order_by()
        .values("claimed_by")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def _pick_open(batch_id: int, redundancy: int, worker, count: int) -> list[TaskUnit]:
    """Up to ``count`` open units, at most one per row, skipping the rows the
    worker already answered. Locked (SKIP LOCKED) where supported: two
    claimers then never pick the same rows, and neither waits."""
    pool = TaskUnit.objects.filter(batch_id=batch_id, state=U.OPEN).order_by("id")
    if redundancy > 1:
        pool = pool.exclude(
            row_number__in=TaskUnit.objects.filter(
                batch_id=batch_id, claimed_by=worker
            ).values("row_number")
        )
    if connection.features.has_select_for_update_skip_locked:
        pool = pool.select_for_update(skip_locked=True)
    units, rows = [], set()
    for unit in pool[: count * redundancy]:
        if unit.row_number not in rows:
            rows.add(unit.row_number)
            units.append(unit)
        if len(units) == count:
            break
    return units


def normalized(answer: dict | None, fields) -> tuple:
    """An answer as compared: NFKC (full- and half-width alike), spaces
    collapsed, case folded."""
    answer = answer or {}
    return tuple(
        " ".join(
            unicodedata.normalize("NFKC", str(answer.get(f, ""))).split()
        ).casefold()
        for f in fields
    )


def clean_answer(batch: TaskBatch, answer: dict) -> dict:
    cleaned = {
        name: str(answer.get(name, "") or "").strip() for name in batch.answer_fields
    }
    missing = [name for name, value in cleaned.items() if not value]
    if missing:
        raise EngagementError(
            [_("Please fill in “%(name)s”.") % {"name": name} for name in missing]
        )
    return cleaned


@transaction.atomic
def unit_submit(
    *, unit: TaskUnit, by, answer: dict, now: datetime.datetime | None = None
) -> TaskUnit:
    """The worker holding a unit answers it before its time runs out.

    A gold unit's answer is checked against the known one; with redundancy,
    the row's majority is computed once all k answers are in.
    """
    now = now or timezone.now()
    # Lock every unit of the row (just this one when k = 1), in id order:
    # the last of k answers arriving at once must see the others.
    row = TaskUnit.objects.filter(
        batch_id=unit.batch_id, row_number=unit.row_number
    ).order_by("id")
    locked = {
        u.pk: u for u in row.select_for_update(of=("self",)).select_related("batch")
    }
    unit = locked[unit.pk]
    if unit.claimed_by_id != by.pk:
        raise PermissionDenied
    require(unit.state == U.CLAIMED, _("This unit has already been answered."))
    require(
        unit.expires_at > now,
        _("The time for this unit ran out; it went back to the pool."),
    )
    batch = unit.batch
    unit.answer = clean_answer(batch, answer)
    unit.state, unit.submitted_at = U.SUBMITTED, now
    unit.auto_approve_at = now + datetime.timedelta(days=batch.auto_approve_days)
    if unit.is_gold:
        fields = batch.answer_fields
        unit.gold_correct = normalized(unit.answer, fields) == normalized(
            unit.gold_answer, fields
        )
    unit.save(
        update_fields=[
            "answer",
            "state",
            "submitted_at",
            "auto_approve_at",
            "gold_correct",
        ]
    )
    if batch.redundancy > 1:
        consensus_update(batch=batch, row_number=unit.row_number)
    return unit


def consensus_update(*, batch: TaskBatch, row_number: int) -> None:
    """Once all k answers of a row are in: the majority answer (more than
    half of them identical) on every unit of the row, each marked as
    agreeing or not; without a majority the row waits in the disagreement
    queue for the director."""
    units = list(
        batch.units.filter(row_number=row_number, state__in=DONE).only("id", "answer")
    )
    if len(units) < batch.redundancy:
        return
    fields = batch.answer_fields
    keys = {unit.pk: normalized(unit.answer, fields) for unit in units}
    top, votes = Counter(keys.values()).most_common(1)[0]
    row = batch.units.filter(row_number=row_number)
    if votes * 2 <= len(units):
        row.update(disputed=True, consensus=None, agrees=None)
        return
    majority = next(u.answer for u in units if keys[u.pk] == top)
    agreeing = [pk for pk, key in keys.items() if key == top]
    row.filter(pk__in=agreeing).update(consensus=majority, agrees=True, disputed=False)
    row.exclude(pk__in=agreeing).update(
        consensus=majority, agrees=False, disputed=False
    )


def units_expire(*, now: datetime.datetime | None = None) -> int:
    """Claimed units not answered in time go back to the pool (one UPDATE).

    The WHERE repeats the state and the time, so an answer that commits
    first keeps its unit, and running twice returns nothing twice.
    """
    now = now or timezone.now()
    return update_logged(
        TaskUnit.objects.filter(state=U.CLAIMED, expires_at__lte=now),
        {"state": U.OPEN, "claimed_by": None, "claimed_at": None, "expires_at": None},
        action="engagements.taskunit.claim_expired",
    )


@transaction.atomic
def unit_release(*, unit: TaskUnit, by) -> int:
    """The worker gives a claimed unit back before its time runs out."""
    return TaskUnit.objects.filter(pk=unit.pk, claimed_by=by, state=U.CLAIMED).update(
        state=U.OPEN, claimed_by=None, claimed_at=None, expires_at=None
    )
