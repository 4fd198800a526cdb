import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import update_logged
from enterprise.fsm import apply_transition
from enterprise.notify import notify
from enterprise.roles import WORKER
from workers.onboarding import offer_blockers

from .. import rules
from ..models import Assignment, Engagement, Offer, Subtask
from ..signals import assignment_accepted
from . import track_record
from ._base import lock, require, require_reason, setting

OFFERABLE_ENGAGEMENT_STATES = (Engagement.State.PLANNING, Engagement.State.IN_PROGRESS)


def _check_worker_can_take(worker, subtask: Subtask) -> None:
    require(worker.has_role(WORKER), _("Only registered workers can receive offers."))
    profile = getattr(worker, "worker_profile", None)
    require(profile is not None, _("This worker has no worker profile yet."))
    require(
        profile.active_assignments < profile.capacity,
        _("%(name)s has no capacity left.") % {"name": worker.display_name},
    )
    require(
        profile.current_availability != "away",
        _("%(name)s is away.") % {"name": worker.display_name},
    )
    _require_ready(worker)


def _require_ready(worker) -> None:
    """Sign-up complete, current agreements accepted, not suspended."""
    blockers = offer_blockers(worker)
    require(
        not blockers,
        _("%(name)s cannot take offers yet: %(missing)s.")
        % {"name": worker.display_name, "missing": "、".join(blockers)},
    )


@transaction.atomic
def subtask_offer(*, subtask: Subtask, worker, by, reason: str = "") -> Offer:
    """Offer an open subtask to one worker, who answers before the offer expires.

    Raises EngagementError when the worker cannot take it (capacity, away) or
    the engagement is not being planned or worked on.
    """
    subtask = lock(Subtask, subtask.pk)
    require(
        subtask.engagement.state in OFFERABLE_ENGAGEMENT_STATES,
        _("Subtasks can be offered once planning has started."),
    )
    _check_worker_can_take(worker, subtask)
    apply_transition(
        subtask,
        "offer",
        by=by,
        action="engagements.subtask.offered",
        data={"worker": worker.pk},
        update_fields=("offered_to",),
        worker=worker,
    )
    offer = Offer.objects.create(
        subtask=subtask,
        worker=worker,
        offered_by=by,
        reason=reason,
        expires_at=timezone.now()
        + datetime.timedelta(hours=setting("OFFER_TTL_HOURS")),
    )
    notify([worker], "engagements/mail/offer", {"subtask": subtask, "offer": offer})
    return offer


def _pending_offer(offer: Offer, by) -> tuple[Offer, Subtask]:
    offer = lock(Offer, offer.pk)
    if offer.worker_id != by.pk:
        raise PermissionDenied
    require(offer.state == Offer.State.PENDING, _("This offer is no longer open."))
    return offer, lock(Subtask, offer.subtask_id)


@transaction.atomic
def offer_accept(*, offer: Offer, by) -> Assignment:
    """The worker accepts: the subtask is theirs and its terms are recorded.

    The recorded terms (Assignment) are what the worker order (発注書) is made
    from; invoicing listens to ``assignment_accepted``. When this was the last
    unassigned subtask of a planned engagement within budget, work starts.
    """
    offer, subtask = _pending_offer(offer, by)
    require(offer.expires_at > timezone.now(), _("This offer has expired."))
    blockers = offer_blockers(by)
    require(
        not blockers,
        _("Before you accept an offer, please complete: %(missing)s.")
        % {"missing": "、".join(blockers)},
    )
    apply_transition(
        subtask,
        "accept_offer",
        by=by,
        action="engagements.subtask.accepted",
        update_fields=("assignee", "offered_to"),
    )
    offer.state, offer.responded_at = Offer.State.ACCEPTED, timezone.now()
    offer.save(update_fields=["state", "responded_at"])
    assignment = Assignment.objects.create(
        subtask=subtask,
        worker=by,
        accepted_at=offer.responded_at,
        reward=subtask.reward,
        due_at=subtask.due_at,
        description=f"{subtask.title}\n{subtask.instructions}",
        deliverable_spec=subtask.deliverable_spec,
    )
    track_record.assignment_started(worker=by)
    assignment_accepted.send(sender=Assignment, assignment=assignment)
    _start_work_when_ready(subtask.engagement_id)
    notify(
        [subtask.engagement.director],
        "engagements/mail/offer_accepted",
        {"subtask": subtask, "worker": by},
    )
    return assignment


def _start_work_when_ready(engagement_id: int) -> None:
    from .decomposition import over_budget

    engagement = lock(Engagement, engagement_id)
    if (
        engagement.state == Engagement.State.PLANNING
        and rules.every_subtask_assigned(engagement)
        and not over_budget(engagement)
    ):
        apply_transition(
            engagement,
            "start_work",
            by=None,
            check_permission=False,
            action="engagements.engagement.work_started",
            reason=_("Every subtask is assigned."),
        )


@transaction.atomic
def offer_decline(*, offer: Offer, by, reason: str = "") -> Offer:
    """The worker declines; the subtask is open again for another worker."""
    offer, subtask = _pending_offer(offer, by)
    apply_transition(
        subtask,
        "decline_offer",
        by=by,
        action="engagements.subtask.offer_declined",
        reason=reason,
        update_fields=("offered_to",),
    )
    offer.state, offer.responded_at = Offer.State.DECLINED, timezone.now()
    offer.reason = reason
    offer.save(update_fields=["state", "responded_at", "reason"])
    notify(
        [subtask.engagement.director],
        "engagements/mail/offer_declined",
        {"subtask": subtask, "worker": by, "reason": reason},
    )
    return offer


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Close the offers nobody answered in time; their subtasks reopen.

    Each offer in its own transaction, re-checked under the lock, so running
    this twice (or beside a worker accepting) changes nothing twice.
    """
    now = now or timezone.now()
    due = Offer.objects.filter(state=Offer.State.PENDING, expires_at__lte=now)
    expired = 0
    for offer_id in due.values_list("id", flat=True):
        with transaction.atomic():
            offer = lock(Offer, offer_id)
            if offer.state != Offer.State.PENDING or offer.expires_at > now:
                continue
            subtask = lock(Subtask, offer.subtask_id)
            apply_transition(
                subtask,
                "decline_offer",
                by=None,
                check_permission=False,
                action="engagements.subtask.offer_expired",
                update_fields=("offered_to",),
            )
            offer.state, offer.responded_at = Offer.State.EXPIRED, now
            offer.save(update_fields=["state", "responded_at"])
            expired += 1
    return expired


@transaction.atomic
def subtask_reoffer(*, subtask: Subtask, worker, by, reason: str) -> Offer:
    """Take a subtask back (waiting offer or silent assignee) and offer it anew.

    One step for the director when the first worker does not answer: the
    first offer is withdrawn (or the assignment ended, with an 'unreachable'
    incident) and recorded with the reason.
    """
    reason = require_reason(reason)
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    if subtask.state == Subtask.State.OFFERED:
        update_logged(
            Offer.objects.filter(subtask=subtask, state=Offer.State.PENDING),
            {
                "state": Offer.State.WITHDRAWN,
                "responded_at": timezone.now(),
                "reason": reason,
            },
            action="engagements.offer.withdrawn",
            by=by,
            reason=reason,
        )
        apply_transition(
            subtask,
            "withdraw_offer",
            by=by,
            reason=reason,
            action="engagements.subtask.offer_withdrawn",
            update_fields=("offered_to",),
        )
    elif subtask.state in (Subtask.State.ASSIGNED, Subtask.State.REVISION_REQUESTED):
        _end_assignment(subtask, by=by, reason=reason, incident_kind="unreachable")
    return subtask_offer(subtask=subtask, worker=worker, by=by, reason=reason)


def _end_assignment(subtask: Subtask, *, by, reason: str, incident_kind: str) -> None:
    worker = subtask.assignee
    Assignment.objects.filter(subtask=subtask, worker=worker, active=True).update(
        active=False
    )
    apply_transition(
        subtask,
        "reassign",
        by=by,
        reason=reason,
        action="engagements.subtask.reassigned",
        update_fields=("assignee",),
    )
    track_record.assignment_ended(worker=worker)
    track_record.incident(
        worker=worker, kind=incident_kind, subtask=subtask, description=reason, by=by
    )
    notify(
        [worker],
        "engagements/mail/assignment_ended",
        {"subtask": subtask, "reason": reason},
    )
