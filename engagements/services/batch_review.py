"""Reviewing a batch's answers: bulk approval and rejection, automatic
approval, the disagreement queue, and appeals.

Fair rejection, the most common complaint about micro-task platforms: a
rejection names a reason code and shows its evidence (the known answer of a
gold unit, or the row's majority answer, or the director's note); each
worker's rejections in a batch are capped (the larger of ``rejection_cap_min``
and ``rejection_cap_rate`` of their units) and going past the cap needs an
escalation note, which flags the subtask to sales; the worker may appeal
within ``appeal_days``, and an upheld appeal approves and pays the unit.
"""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action, update_logged
from enterprise.notify import notify

from .. import rules
from ..models import TaskAppeal, TaskBatch, TaskUnit
from ._base import EngagementError, lock, require, require_reason
from .batches import DONE, clean_answer, normalized
from .work import subtask_escalate

U = TaskUnit.State
R = TaskUnit.RejectReason
MAIL = "engagements/formats/mail/"
CHUNK = 2_000  # ids per statement: SQLite caps the parameters of one query


def _director_batch(batch: TaskBatch, by) -> TaskBatch:
    # Locking the batch serialises the director's decisions on it.
    batch = lock(TaskBatch, batch.pk)
    if not rules.is_director(batch.subtask, by):
        raise PermissionDenied
    return batch


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@transaction.atomic
def units_approve(
    *, batch: TaskBatch, by, unit_ids=None, now: datetime.datetime | None = None
) -> int:
    """Approve the submitted units named (all submitted units when None).

    One UPDATE per 2,000 ids (one in all for the whole batch); units no
    longer submitted (approved automatically meanwhile) are left as they
    are. Returns how many were approved.
    """
    now = now or timezone.now()
    batch = _director_batch(batch, by)
    submitted = TaskUnit.objects.filter(batch=batch, state=U.SUBMITTED)
    fields = {"state": U.APPROVED, "reviewed_at": now, "reviewed_by": by}
    if unit_ids is None:
        approved = submitted.update(**fields)
    else:
        approved = sum(
            submitted.filter(pk__in=chunk).update(**fields)
            for chunk in _chunks(unit_ids)
        )
    log_action(
        target=batch,
        action="engagements.taskbatch.units_approved",
        by=by,
        data={"count": approved, "all": unit_ids is None},
    )
    return approved


def _check_evidence(units: list[dict], code: str, note: str) -> list[str]:
    """Problems with rejecting ``units`` for ``code``: a gold miss needs a
    missed gold unit, a majority rejection a unit outvoted by its row, any
    other code the director's note saying what is wrong."""
    if code == R.GOLD:
        bad = [u for u in units if u["gold_answer"] is None or u["gold_correct"]]
        message = _("Row %(row)s is not a check unit answered wrongly.")
    elif code == R.MAJORITY:
        bad = [u for u in units if u["agrees"] is not False]
        message = _("Row %(row)s does not differ from an agreed majority answer.")
    else:
        return [] if note else [_("Describe what is wrong: the worker will see it.")]
    return [message % {"row": u["row_number"]} for u in bad]


def rejection_room(batch: TaskBatch, worker_ids) -> dict[int, tuple[int, int]]:
    """{worker id: (rejections so far, cap)} for the batch, in one query."""
    rows = (
        TaskUnit.objects.filter(batch=batch, claimed_by__in=worker_ids)
        .values("claimed_by")
        .annotate(
            done=Count("id", filter=Q(state__in=DONE)),
            rejected=Count("id", filter=Q(state=U.REJECTED)),
        )
    )
    return {
        r["claimed_by"]: (r["rejected"], batch.rejection_cap(r["done"])) for r in rows
    }


@transaction.atomic
def units_reject(
    *,
    batch: TaskBatch,
    by,
    unit_ids,
    reason_code: str,
    note: str = "",
    escalation_note: str = "",
    now: datetime.datetime | None = None,
) -> int:
    """Reject submitted units with a reason code and its evidence.

    Refused as a whole (EngagementError) when a unit is no longer submitted,
    when a unit does not fit the code (see ``_check_evidence``), or when a
    worker would pass the batch's rejection cap and no ``escalation_note``
    is given; with one, the rejection goes ahead and the subtask is
    escalated to sales with the note. Each worker is told once, with the
    appeal deadline.
    """
    now = now or timezone.now()
    note = (note or "").strip()
    require(reason_code in R.values, _("Choose a reason code."))
    batch = _director_batch(batch, by)
    ids = sorted({int(pk) for pk in unit_ids})
    require(bool(ids), _("Select the units to reject."))
    units = []
    for chunk in _chunks(ids):
        units += TaskUnit.objects.filter(batch=batch, pk__in=chunk).values(
            "id", "row_number", "state", "claimed_by", "gold_answer", "gold_correct",
            "agrees",
        )  # fmt: skip
    waiting = [u for u in units if u["state"] == U.SUBMITTED]
    require(
        len(waiting) == len(ids),
        _("Some of these units are no longer waiting for review; reload the page."),
    )
    problems = _check_evidence(waiting, reason_code, note)
    if problems:
        raise EngagementError(problems)
    _check_cap(batch, by, waiting, escalation_note)
    for chunk in _chunks(ids):
        TaskUnit.objects.filter(pk__in=chunk, state=U.SUBMITTED).update(
            state=U.REJECTED,
            rejection_code=reason_code,
            evidence=note,
            reviewed_at=now,
            reviewed_by=by,
        )
    log_action(
        target=batch,
        action="engagements.taskbatch.units_rejected",
        by=by,
        reason=note,
        data={"count": len(ids), "code": reason_code, "units": ids[:200]},
    )
    _tell_rejected(batch, waiting, reason_code, now)
    return len(ids)


def _check_cap(batch, by, units, escalation_note: str) -> None:
    new = Counter(u["claimed_by"] for u in units)
    room = rejection_room(batch, list(new))
    over = [
        (worker_id, so_far + count, cap)
        for worker_id, count in new.items()
        for so_far, cap in [room[worker_id]]
        if so_far + count > cap
    ]
    if not over:
        return
    if not escalation_note.strip():
        from django.contrib.auth import get_user_model

        names = dict(
            get_user_model()
            .objects.filter(pk__in=[w for w, _n, _c in over])
            .values_list("pk", "username")
        )
        raise EngagementError(
            [
                _(
                    "%(worker)s would have %(n)s rejections in this batch, over "
                    "the cap of %(cap)s: escalate with a note to go ahead."
                )
                % {"worker": names[w], "n": n, "cap": cap}
                for w, n, cap in over
            ]
        )
    log_action(
        target=batch,
        action="engagements.taskbatch.rejection_cap_escalated",
        by=by,
        reason=escalation_note,
        data={"workers": [w for w, _n, _c in over]},
    )
    subtask_escalate(subtask=batch.subtask, by=by, note=escalation_note)


def _tell_rejected(batch, units, reason_code, now) -> None:
    from django.contrib.auth import get_user_model

    counts = Counter(u["claimed_by"] for u in units)
    appeal_by = now + datetime.timedelta(days=batch.appeal_days)
    for worker in get_user_model().objects.filter(pk__in=counts):
        notify(
            [worker],
            MAIL + "units_rejected",
            {
                "batch": batch,
                "count": counts[worker.pk],
                "reason": R(reason_code).label,
                "appeal_by": appeal_by,
            },
        )


def units_auto_approve(*, now: datetime.datetime | None = None) -> int:
    """Approve every unit waiting past its batch's review days (one UPDATE).

    A unit's deadline was fixed when it was answered (``auto_approve_at``),
    so one statement serves every batch; running twice approves nothing twice.
    """
    now = now or timezone.now()
    return update_logged(
        TaskUnit.objects.filter(state=U.SUBMITTED, auto_approve_at__lte=now),
        {"state": U.APPROVED, "reviewed_at": now, "approved_automatically": True},
        action="engagements.taskunit.auto_approved",
    )


@transaction.atomic
def row_resolve(*, batch: TaskBatch, by, row_number: int, answer: dict) -> int:
    """The director settles a row without a majority by giving its answer.

    The answer becomes the row's agreed answer: units that match it agree,
    the others can then be rejected as differing from it (with the answer
    as evidence). Returns how many units agree.
    """
    batch = _director_batch(batch, by)
    answer = clean_answer(batch, answer)
    row = batch.units.filter(row_number=row_number, disputed=True)
    units = list(row.values_list("id", "answer"))
    require(bool(units), _("This row is not waiting for a decision."))
    key = normalized(answer, batch.answer_fields)
    agreeing = [
        pk for pk, given in units if normalized(given, batch.answer_fields) == key
    ]
    row.filter(pk__in=agreeing).update(consensus=answer, agrees=True, disputed=False)
    row.exclude(pk__in=agreeing).update(consensus=answer, agrees=False, disputed=False)
    log_action(
        target=batch,
        action="engagements.taskbatch.row_resolved",
        by=by,
        data={"row": row_number, "answer": answer, "agreeing": len(agreeing)},
    )
    return len(agreeing)


def appeal_deadline(unit: TaskUnit, batch: TaskBatch) -> datetime.datetime | None:
    if unit.reviewed_at is None:
        return None
    return unit.reviewed_at + datetime.timedelta(days=batch.appeal_days)


@transaction.atomic
def unit_appeal(*, unit: TaskUnit, by, reason: str) -> TaskAppeal:
    """The worker contests a rejection of their unit within the appeal days."""
    reason = require_reason(reason)
    unit = (
        TaskUnit.objects.select_for_update(of=("self",))
        .select_related("batch__subtask__engagement")
        .get(pk=unit.pk)
    )
    if unit.claimed_by_id != by.pk:
        raise PermissionDenied
    require(unit.state == U.REJECTED, _("Only a rejected unit can be appealed."))
    require(
        not TaskAppeal.objects.filter(unit=unit).exists(),
        _("This rejection has already been appealed."),
    )
    require(
        timezone.now() <= appeal_deadline(unit, unit.batch),
        _("The time to appeal this rejection has passed."),
    )
    appeal = TaskAppeal.objects.create(unit=unit, worker=by, reason=reason)
    log_action(
        target=appeal, action="engagements.taskappeal.filed", by=by, reason=reason
    )
    notify(
        [unit.batch.subtask.engagement.director],
        MAIL + "appeal_filed",
        {"batch": unit.batch, "unit": unit, "appeal": appeal},
    )
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: TaskAppeal, by, uphold: bool, note: str) -> TaskAppeal:
    """Uphold (the unit is approved and paid, the worker's figures corrected:
    a gold unit counts as answered right) or dismiss an appeal, with a note."""
    note = require_reason(note)
    appeal = lock(TaskAppeal, appeal.pk)
    batch = _director_batch(appeal.unit.batch, by)
    require(
        appeal.state == TaskAppeal.State.PENDING,
        _("This appeal has already been decided."),
    )
    now = timezone.now()
    appeal.state = TaskAppeal.State.UPHELD if uphold else TaskAppeal.State.DISMISSED
    appeal.decided_by, appeal.decided_at, appeal.decision_note = by, now, note
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    unit = TaskUnit.objects.select_for_update().get(pk=appeal.unit_id)
    if uphold:
        unit.state, unit.reviewed_at, unit.reviewed_by = U.APPROVED, now, by
        if unit.is_gold:
            unit.gold_correct = True
        unit.save(update_fields=["state", "reviewed_at", "reviewed_by", "gold_correct"])
    log_action(
        target=appeal,
        action=f"engagements.taskappeal.{appeal.state}",
        by=by,
        reason=note,
        data={"unit": unit.pk, "batch": batch.pk},
    )
    notify(
        [appeal.worker],
        MAIL + "appeal_decided",
        {"batch": batch, "unit": unit, "appeal": appeal},
    )
    return appeal
