"""Delivery ratings: the client contact rates a delivery once, and the rating
reaches each worker's track record through the workers service."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clients.models import ClientContact
from engagements.models import Delivery, Subtask
from engagements.selectors import portal_engagements
from enterprise.audit import log_action
from workers.services import delivery_rating_record

from .models import DeliveryRating

RATED_SUBTASK_STATES = [Subtask.State.APPROVED, Subtask.State.PAID]


def portal_deliveries(user) -> QuerySet[Delivery]:
    """The deliveries of the contact's own company, newest first, with their
    engagement and rating (one query however many)."""
    return (
        Delivery.objects.filter(engagement__in=portal_engagements(user).values("pk"))
        .select_related("engagement", "client_rating")
        .order_by("-delivered_at", "-pk")
    )


def get_portal_delivery(user, pk) -> Delivery:
    """A delivery of the contact's own company; 404 for anyone else's."""
    try:
        return portal_deliveries(user).get(pk=pk)
    except (Delivery.DoesNotExist, ValueError):
        raise Http404 from None


def unrated_deliveries(user) -> QuerySet[Delivery]:
    return portal_deliveries(user).filter(client_rating__isnull=True)


@transaction.atomic
def delivery_rate(
    *, delivery: Delivery, rating: int, comment: str, by
) -> DeliveryRating:
    """The client contact ``by`` rates ``delivery`` 1-5 with a comment.

    Preconditions: ``by`` is a contact of the delivery's client, and the
    delivery has no rating yet (one per delivery; a second attempt, even a
    concurrent one, is refused: the delivery row is locked first).
    Side effects: an audit row ``support.delivery.rated``; the rating is
    recorded for each worker whose approved work the engagement holds, which
    recomputes their certification after commit.
    Raises ValidationError (shown to the contact) when a rule refuses.
    """
    # Lock the delivery row only (not the joined engagement and category):
    # a second rating of the same delivery waits here, then finds the first.
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("engagement__category")
        .get(pk=delivery.pk)
    )
    engagement = delivery.engagement
    if not ClientContact.objects.filter(
        user=by, client_id=engagement.client_id
    ).exists():
        raise ValidationError(
            _("Only a contact of the client can rate its deliveries.")
        )
    if DeliveryRating.objects.filter(delivery=delivery).exists():
        raise ValidationError(_("This delivery has already been rated."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    rated = DeliveryRating.objects.create(
        delivery=delivery, rating=rating, comment=comment.strip(), rated_by=by
    )
    workers = _workers_of(engagement)
    for worker in workers:
        delivery_rating_record(
            worker=worker,
            category=engagement.category,
            delivery_ref=f"delivery:{delivery.pk}",
            rating=rating,
            rated_at=rated.rated_at,
        )
    log_action(
        target=rated,
        action="support.delivery.rated",
        by=by,
        data={
            "delivery": delivery.pk,
            "engagement": engagement.pk,
            "rating": rating,
            "workers": [w.pk for w in workers],
        },
    )
    return rated


def _workers_of(engagement) -> list:
    """The distinct workers whose subtasks of the engagement were approved."""
    subtasks = (
        Subtask.objects.filter(
            engagement=engagement,
            state__in=RATED_SUBTASK_STATES,
            assignee__isnull=False,
        )
        .select_related("assignee")
        .order_by("pk")
    )
    return list({s.assignee_id: s.assignee for s in subtasks}.values())
