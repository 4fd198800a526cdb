import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import update_logged
from enterprise.calendar import add_business_days
from enterprise.events import publish
from enterprise.fsm import apply_transition
from enterprise.notify import notify

from ..models import Delivery, Engagement, Offer, Subtask
from ..signals import engagement_completed
from . import track_record
from ._base import lock, require, require_reason, setting


def _contacts(engagement: Engagement):
    return [c.user for c in engagement.client.contacts.select_related("user")]


@transaction.atomic
def engagement_deliver(*, engagement: Engagement, by, note: str) -> Delivery:
    """Deliver to the client once every subtask is approved.

    The client accepts (検収) or asks for changes; without an answer it is
    accepted automatically after the set number of business days.
    """
    note = require_reason(note)
    engagement = lock(Engagement, engagement.pk)
    apply_transition(
        engagement,
        "deliver",
        by=by,
        action="engagements.engagement.delivered",
        update_fields=("delivered_at",),
        at=timezone.now(),
    )
    today = timezone.localdate()
    delivery = Delivery.objects.create(
        engagement=engagement,
        note=note,
        delivered_by=by,
        accept_by=add_business_days(today, setting("AUTO_ACCEPT_BUSINESS_DAYS")),
    )
    notify(
        _contacts(engagement),
        "engagements/mail/delivered",
        {"engagement": engagement, "delivery": delivery},
    )
    publish("delivery.ready", delivery)
    return delivery


def _open_delivery(engagement: Engagement) -> Delivery:
    delivery = (
        Delivery.objects.select_for_update()
        .filter(engagement=engagement, decision=Delivery.Decision.PENDING)
        .first()
    )
    require(delivery is not None, _("There is no delivery waiting for acceptance."))
    return delivery


@transaction.atomic
def delivery_accept(*, engagement: Engagement, by, automatic: bool = False) -> Delivery:
    """検収: the client accepts the delivery and the engagement is completed.

    ``by`` is None when the acceptance period ran out (automatic).
    """
    engagement = lock(Engagement, engagement.pk)
    delivery = _open_delivery(engagement)
    now = timezone.now()
    apply_transition(
        engagement,
        "accept_delivery",
        by=by,
        at=now,
        action=(
            "engagements.engagement.auto_accepted"
            if automatic
            else "engagements.engagement.accepted"
        ),
        update_fields=("completed_at",),
    )
    delivery.decision = (
        Delivery.Decision.AUTO_ACCEPTED if automatic else Delivery.Decision.ACCEPTED
    )
    delivery.decided_by, delivery.decided_at = by, now
    delivery.save(update_fields=["decision", "decided_by", "decided_at"])
    engagement_completed.send(sender=Engagement, engagement=engagement)
    publish("engagement.accepted", engagement)
    notify(
        [engagement.director, engagement.sales_owner],
        "engagements/mail/accepted",
        {"engagement": engagement, "automatic": automatic},
    )
    return delivery


@transaction.atomic
def delivery_request_changes(*, engagement: Engagement, by, reason: str) -> Delivery:
    """The client asks for changes: the engagement goes back to work."""
    reason = require_reason(reason)
    engagement = lock(Engagement, engagement.pk)
    delivery = _open_delivery(engagement)
    apply_transition(
        engagement,
        "request_changes",
        by=by,
        reason=reason,
        action="engagements.engagement.changes_requested",
    )
    delivery.decision = Delivery.Decision.CHANGES_REQUESTED
    delivery.decided_by, delivery.decided_at = by, timezone.now()
    delivery.change_request = reason
    delivery.save(
        update_fields=["decision", "decided_by", "decided_at", "change_request"]
    )
    notify(
        [engagement.director],
        "engagements/mail/changes_requested",
        {"engagement": engagement, "reason": reason},
    )
    return delivery


def deliveries_auto_accept(*, today: datetime.date | None = None) -> int:
    """Accept every delivery whose acceptance period has run out (beat task)."""
    today = today or timezone.localdate()
    due = Delivery.objects.filter(
        decision=Delivery.Decision.PENDING,
        accept_by__lte=today,
        engagement__state=Engagement.State.DELIVERED,
    ).values_list("engagement_id", flat=True)
    accepted = 0
    for engagement_id in list(due):
        engagement = Engagement.objects.get(pk=engagement_id)
        if engagement.state == Engagement.State.DELIVERED:
            delivery_accept(engagement=engagement, by=None, automatic=True)
            accepted += 1
    return accepted


@transaction.atomic
def engagement_cancel(*, engagement: Engagement, by, reason: str) -> Engagement:
    """Cancel an open engagement, recording which subtasks were already done.

    Unfinished subtasks are cancelled; approved ones stay approved (and paid:
    the Freelance Act forbids refusing work already received). With approved
    work, ``engagement.cancelled`` is published: invoicing bills it under the
    quote's cancellation terms.
    """
    reason = require_reason(reason)
    engagement = lock(Engagement, engagement.pk)
    done = list(
        engagement.subtasks.filter(
            state__in=[Subtask.State.APPROVED, Subtask.State.PAID]
        ).values_list("pk", flat=True)
    )
    apply_transition(
        engagement,
        "cancel",
        by=by,
        reason=reason,
        note=reason,
        action="engagements.engagement.cancelled",
        data={"done_subtasks": done},
        update_fields=("cancel_reason",),
    )
    if done:
        publish("engagement.cancelled", engagement)
    for subtask in engagement.subtasks.select_for_update().exclude(
        state__in=[Subtask.State.APPROVED, Subtask.State.PAID, Subtask.State.CANCELLED]
    ):
        was_working = subtask.assignee_id is not None
        apply_transition(
            subtask,
            "cancel",
            by=by,
            check_permission=False,
            reason=reason,
            action="engagements.subtask.cancelled",
            update_fields=("offered_to",),
        )
        if was_working:
            track_record.assignment_ended(worker=subtask.assignee)
    update_logged(
        Offer.objects.filter(subtask__engagement=engagement, state=Offer.State.PENDING),
        {
            "state": Offer.State.WITHDRAWN,
            "reason": reason,
            "responded_at": timezone.now(),
        },
        action="engagements.offer.withdrawn",
        by=by,
        reason=reason,
    )
    return engagement
