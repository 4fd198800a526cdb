"""Deadlines and silence: the beat tasks' rules (seed report §10.2 troubles)."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from enterprise.audit import log_action
from enterprise.calendar import is_bank_holiday
from enterprise.notify import notify

from ..models import Message, Submission, Subtask
from . import track_record
from ._base import setting

WORKING = [Subtask.State.ASSIGNED, Subtask.State.REVISION_REQUESTED]


def subtasks_flag_overdue(*, now: datetime.datetime | None = None) -> int:
    """Flag subtasks past due: an incident, an escalation to the director.

    Compare-and-set on ``overdue_flagged_at`` so each subtask is flagged once,
    however often (and however concurrently) the scan runs.
    """
    now = now or timezone.now()
    flagged = 0
    late = Subtask.objects.filter(
        state__in=WORKING, due_at__lt=now, overdue_flagged_at__isnull=True
    )
    for subtask_id in list(late.values_list("id", flat=True)):
        with transaction.atomic():
            won = Subtask.objects.filter(
                pk=subtask_id, overdue_flagged_at__isnull=True
            ).update(overdue_flagged_at=now, escalated=True)
            if not won:
                continue
            subtask = Subtask.objects.select_related("engagement__director").get(
                pk=subtask_id
            )
            track_record.incident(
                worker=subtask.assignee,
                kind="overdue",
                subtask=subtask,
                description=f"due {timezone.localtime(subtask.due_at):%Y/%m/%d %H:%M}",
            )
            log_action(target=subtask, action="engagements.subtask.overdue")
            notify(
                [subtask.engagement.director],
                "engagements/mail/overdue",
                {"subtask": subtask},
            )
            flagged += 1
    return flagged


def at_risk_q(now: datetime.datetime) -> Q:
    """Due within the at-risk window and not yet submitted."""
    window = datetime.timedelta(hours=setting("AT_RISK_HOURS"))
    return Q(state__in=WORKING, due_at__gte=now, due_at__lte=now + window)


def subtasks_flag_silent(*, now: datetime.datetime | None = None) -> int:
    """Flag at-risk subtasks whose worker said and submitted nothing lately."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=setting("SILENCE_HOURS"))
    spoke = Message.objects.filter(
        subtask=OuterRef("pk"), author=OuterRef("assignee"), created_at__gte=since
    )
    submitted = Submission.objects.filter(
        subtask=OuterRef("pk"), submitted_at__gte=since
    )
    silent = Subtask.objects.filter(at_risk_q(now), silence_flagged_at__isnull=True)
    silent = silent.filter(~Exists(spoke), ~Exists(submitted))
    flagged = 0
    for subtask in silent.select_related("engagement__director"):
        if Subtask.objects.filter(
            pk=subtask.pk, silence_flagged_at__isnull=True
        ).update(silence_flagged_at=now):
            log_action(target=subtask, action="engagements.subtask.silent")
            notify(
                [subtask.engagement.director],
                "engagements/mail/silent",
                {"subtask": subtask},
            )
            flagged += 1
    return flagged


def business_hours_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole hours between two moments that fall on Japanese business days."""
    hours, moment = 0, timezone.localtime(start)
    end = timezone.localtime(end)
    while moment + datetime.timedelta(hours=1) <= end:
        if not is_bank_holiday(moment.date()):
            hours += 1
        moment += datetime.timedelta(hours=1)
    return hours


def questions_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind directors of worker questions left unanswered too long."""
    now = now or timezone.now()
    limit = setting("QUESTION_REMINDER_BUSINESS_HOURS")
    waiting = Message.objects.filter(
        is_question=True,
        answered_at__isnull=True,
        reminder_sent_at__isnull=True,
        created_at__lte=now - datetime.timedelta(hours=limit),
    ).select_related("subtask__engagement__director")
    reminded = 0
    for message in waiting:
        if business_hours_between(message.created_at, now) < limit:
            continue
        if Message.objects.filter(pk=message.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            notify(
                [message.subtask.engagement.director],
                "engagements/mail/question_reminder",
                {"message": message},
            )
            reminded += 1
    return reminded
