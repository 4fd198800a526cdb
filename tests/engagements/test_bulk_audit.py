"""State changes made in bulk still leave one audit row per changed object."""

from decimal import Decimal

from engagements.models import Offer, Quote
from engagements.services import assignment, delivery, quotes
from enterprise.audit import timeline_for
from enterprise.models import AuditLog

from . import factories as f
from .test_offer_expiry import _planning_subtask


def test_a_new_revision_audits_the_superseded_quote(world, quoted):
    quotes.quote_save(
        engagement=quoted.engagement, by=world.sales,
        lines=[quotes.LineInput("記事作成", Decimal("10"), "本", 18_000)],
        valid_until=quoted.valid_until,
    )  # fmt: skip
    quoted.refresh_from_db()
    assert quoted.state == Quote.State.SUPERSEDED
    (row,) = AuditLog.objects.filter(action="engagements.quote.superseded")
    assert (row.target, row.actor, row.from_state, row.to_state) == (
        quoted, world.sales, "sent", "superseded",
    )  # fmt: skip


def test_cancelling_audits_each_withdrawn_offer(world, quoted):
    first = _planning_subtask(world, quoted)
    second = _planning_subtask_more(world, quoted)
    offers = [
        assignment.subtask_offer(subtask=subtask, worker=worker, by=world.director)
        for subtask, worker in ((first, world.alice), (second, world.bob))
    ]
    delivery.engagement_cancel(
        engagement=quoted.engagement, by=world.sales, reason="先方の予算凍結"
    )
    for offer in offers:
        offer.refresh_from_db()
        assert offer.state == Offer.State.WITHDRAWN
        (row,) = [
            r for r in timeline_for(offer) if r.action == "engagements.offer.withdrawn"
        ]
        assert (row.actor, row.from_state, row.to_state, row.reason) == (
            world.sales, "pending", "withdrawn", "先方の予算凍結",
        )  # fmt: skip


def _planning_subtask_more(world, quoted):
    from engagements.services import decomposition

    return decomposition.subtask_create(
        engagement=quoted.engagement, by=world.director, title="記事 2",
        instructions="構成案に沿って執筆", deliverable_spec="2,000字",
        reward=60_000, due_at=f.in_days(10),
    )  # fmt: skip
