"""An offer nobody answers expires, and its subtask is open for another worker."""

import datetime

from django.utils import timezone

from engagements.models import Offer, Subtask
from engagements.services import assignment, decomposition, quotes
from engagements.tasks import expire_offers

from . import factories as f


def _planning_subtask(world, quoted):
    quotes.quote_accept(quote=quoted, by=world.contact, ip=None)
    engagement = quoted.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    return decomposition.subtask_create(
        engagement=engagement, by=world.director, title="記事 1",
        instructions="構成案に沿って執筆", deliverable_spec="2,000字",
        reward=60_000, due_at=f.in_days(10),
    )  # fmt: skip


def test_unanswered_offer_expires_and_the_subtask_reopens(world, quoted):
    subtask = _planning_subtask(world, quoted)
    offer = assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )
    later = offer.expires_at + datetime.timedelta(minutes=1)

    assert assignment.offers_expire(now=later) == 1
    assert assignment.offers_expire(now=later) == 0  # running twice changes nothing

    subtask.refresh_from_db()
    offer.refresh_from_db()
    assert (subtask.state, subtask.offered_to) == (Subtask.State.OPEN, None)
    assert offer.state == Offer.State.EXPIRED
    # Open again: the director can offer it to someone else.
    assignment.subtask_offer(subtask=subtask, worker=world.bob, by=world.director)
    subtask.refresh_from_db()
    assert (subtask.state, subtask.offered_to) == (Subtask.State.OFFERED, world.bob)


def test_offer_still_within_its_time_is_left_alone(world, quoted):
    subtask = _planning_subtask(world, quoted)
    assignment.subtask_offer(subtask=subtask, worker=world.alice, by=world.director)
    assert expire_offers.delay().get() == 0
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.OFFERED
    assert timezone.now() < Offer.objects.get(subtask=subtask).expires_at
