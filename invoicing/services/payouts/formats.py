"""Paying the other work formats: participation rewards of competitions,
approved task units and approved hourly weeks.

Each becomes a payout line dated by the same payout calendar and 60-day
check as a subtask's reward (``schedule._create_line``), withheld by the
kind of work like any other line. The collectors run nightly and at the
start of every payout run; each is safe to run twice, also at the same time
as another: a payable is linked to the line that pays it by a unique key
(``PayoutLine.participation_award``, ``PayoutLine.timesheet``,
``PaidTaskUnit.unit``), so a second collection of the same payable fails on
that key and its transaction rolls back, as the review fees do.

The terms in writing (Freelance Act 法3条): an hourly week is paid under
the worker order the worker accepted with the hourly terms, and its fee
follows that order's fee policy. Task units and participation rewards have
no order: the batch page and the competition call state the amount before
the worker claims or enters, so those terms act as the order; as they state
no fee, none is taken (a fee not agreed beforehand would be a 減額).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from enterprise.audit import log_action
from enterprise.calendar import closing_date_for
from enterprise.models import OperatorProfile
from enterprise.money import worker_fee

from ...models import PaidTaskUnit, PayoutLine, WorkerOrder
from ._base import PayoutError, local_date, require
from .policy import policy_from_json, withholding_for
from .schedule import OPEN_STATES, _create_line, pay_date_for

logger = logging.getLogger(__name__)
Kind = PayoutLine.Kind


def payout_lines_collect_formats() -> int:
    """Schedule every format payable not yet on a payout line; the number
    of lines made (task units added to an open line count as none)."""
    return (
        payout_lines_collect_participation()
        + payout_lines_collect_task_units()
        + payout_lines_collect_timesheets()
    )


def _each(items, make) -> int:
    made = 0
    for item in items:
        try:
            made += make(item)
        except IntegrityError:
            continue  # a concurrent collection scheduled it first
        except PayoutError as error:
            logger.warning("not scheduled: %s (%s)", item, "; ".join(error.messages))
    return made


def _work_terms(subtask) -> dict:
    """Engagement, category and the withholding decision of the work."""
    engagement = subtask.engagement
    subject, basis = withholding_for(
        category_code=engagement.category.code,
        skill_code=subtask.required_skill.code if subtask.required_skill_id else "",
    )
    return {
        "subtask": subtask,
        "engagement": engagement,
        "category_code": engagement.category.code,
        "withholding_subject": subject,
        "withholding_basis": basis,
    }


def _japanese(msgid: str, **values) -> str:
    with translation.override("ja"):
        return _(msgid) % values


# --- competitions ---------------------------------------------------------------------

PARTICIPATION = gettext_noop("Participation reward: %(title)s")


def payout_lines_collect_participation() -> int:
    from engagements.models import ParticipationAward

    awards = ParticipationAward.objects.filter(
        payout_line__isnull=True, paid_at__isnull=True
    ).select_related(
        "entry", "subtask__engagement__category", "subtask__required_skill"
    )
    return _each(awards.order_by("id"), _participation_line)


@transaction.atomic
def _participation_line(award) -> int:
    if PayoutLine.objects.filter(participation_award_id=award.pk).exists():
        return 0
    _create_line(
        worker_id=award.worker_id,
        kind=Kind.PARTICIPATION,
        participation_award=award,
        description=_japanese(PARTICIPATION, title=award.subtask.title),
        amount=award.amount,
        # The entry is the deliverable: received when it was sent.
        received_on=local_date(award.entry.submitted_at),
        **_work_terms(award.subtask),
    )
    return 1


# --- task batches ---------------------------------------------------------------------

TASK_UNITS = gettext_noop("Task units: %(title)s (%(count)s × ¥%(reward)s)")


def payout_lines_collect_task_units() -> int:
    """One line per worker, batch and payout period for the approved units
    not yet on a line; units approved later in the same period join the
    open line of that pay date instead of making another."""
    from engagements.models import TaskBatch, TaskUnit

    closing_day = OperatorProfile.get().payout_closing_day
    rows = TaskUnit.objects.filter(
        state=TaskUnit.State.APPROVED,
        payout_link__isnull=True,
        paid_at__isnull=True,
    ).values_list("pk", "batch_id", "claimed_by_id", "submitted_at", "reviewed_at")
    groups: dict = defaultdict(list)
    for pk, batch_id, worker_id, submitted_at, reviewed_at in rows.order_by("pk"):
        received = local_date(submitted_at or reviewed_at or timezone.now())
        period = closing_date_for(received, closing_day)
        groups[(batch_id, worker_id, period)].append((pk, received))
    found = TaskBatch.objects.select_related(
        "subtask__engagement__category", "subtask__required_skill"
    ).in_bulk({key[0] for key in groups})
    return _each(
        [(found[b], worker, units) for (b, worker, _p), units in groups.items()],
        _task_units_line,
    )


def _open_units_line(batch, worker_id, check) -> PayoutLine | None:
    return (
        PayoutLine.objects.select_for_update()
        .filter(
            kind=Kind.TASK_UNITS,
            worker_id=worker_id,
            subtask_id=batch.subtask_id,
            pay_date=check.pay_on,
            state__in=OPEN_STATES,
        )
        .order_by("id")
        .first()
    )


def _units_description(batch, count: int) -> str:
    return _japanese(
        TASK_UNITS,
        title=batch.subtask.title,
        count=f"{count:,}",
        reward=f"{batch.unit_reward:,}",
    )


@transaction.atomic
def _task_units_line(group) -> int:
    batch, worker_id, units = group
    received_on = min(day for _pk, day in units)
    count, made = len(units), 0
    check = pay_date_for(received_on=received_on)
    line = _open_units_line(batch, worker_id, check)
    if line is not None and sorted(check.flags) == sorted(line.flags):
        count += line.quantity or 0
        line.quantity, line.amount = count, batch.unit_reward * count
        line.description = _units_description(batch, count)
        line.received_on = min(line.received_on, received_on)
        line.latest_legal_date = min(line.latest_legal_date, check.latest)
        line.save(
            update_fields=[
                "quantity",
                "amount",
                "description",
                "received_on",
                "latest_legal_date",
            ]
        )
        log_action(
            target=line,
            action="invoicing.payout_line.units_added",
            data={"units": len(units), "amount": line.amount},
        )
    else:
        line, made = (
            _create_line(
                worker_id=worker_id,
                kind=Kind.TASK_UNITS,
                description=_units_description(batch, count),
                quantity=count,
                amount=batch.unit_reward * count,
                received_on=received_on,
                **_work_terms(batch.subtask),
            ),
            1,
        )
    PaidTaskUnit.objects.bulk_create(
        PaidTaskUnit(unit_id=pk, line=line) for pk, _day in units
    )
    return made


# --- hourly work ----------------------------------------------------------------------

HOURS = gettext_noop("Hours: %(title)s (week of %(week)s, %(hours)s h)")


def payout_lines_collect_timesheets() -> int:
    from engagements.models import WeeklyTimesheet

    sheets = WeeklyTimesheet.objects.filter(
        state=WeeklyTimesheet.State.APPROVED,
        payout_line__isnull=True,
        paid_at__isnull=True,
        reward__gt=0,
    ).select_related("subtask__engagement__category", "subtask__required_skill")
    return _each(sheets.order_by("week_start", "id"), _timesheet_line)


def _hourly_order(sheet) -> WorkerOrder:
    order = WorkerOrder.objects.filter(
        subtask_id=sheet.subtask_id,
        worker_id=sheet.worker_id,
        state=WorkerOrder.State.ISSUED,
    ).first()
    require(
        order is not None,
        _("“%(subtask)s” has no accepted terms to pay against.")
        % {"subtask": sheet.subtask},
    )
    return order


@transaction.atomic
def _timesheet_line(sheet) -> int:
    if PayoutLine.objects.filter(timesheet_id=sheet.pk).exists():
        return 0
    order = _hourly_order(sheet)
    week_end = sheet.week_start + datetime.timedelta(days=6)
    _create_line(
        worker_id=sheet.worker_id,
        kind=Kind.HOURS,
        timesheet=sheet,
        order=order,
        description=_japanese(
            HOURS,
            title=sheet.subtask.title,
            week=f"{sheet.week_start:%Y/%m/%d}",
            hours=f"{sheet.hours_approved.normalize():f}",
        ),
        amount=sheet.reward,
        fee=worker_fee(sheet.reward, policy_from_json(order.fee_policy)),
        # The week's work is received when the week ends (Sunday).
        received_on=week_end,
        redelegation_due=order.original_due_date if order.is_redelegation else None,
        **_work_terms(sheet.subtask)
        | {
            "withholding_subject": order.withholding_subject,
            "withholding_basis": order.withholding_basis,
        },
    )
    return 1


# --- the transfer ---------------------------------------------------------------------


def mark_format_items_paid(statement, at: datetime.datetime) -> None:
    """The transfer of ``statement`` is confirmed: its participation
    rewards, task units and weeks are paid."""
    from engagements.models import ParticipationAward, TaskUnit, WeeklyTimesheet

    ParticipationAward.objects.filter(payout_line__statement=statement).update(
        paid_at=at
    )
    WeeklyTimesheet.objects.filter(payout_line__statement=statement).update(paid_at=at)
    TaskUnit.objects.filter(payout_link__line__statement=statement).update(paid_at=at)
