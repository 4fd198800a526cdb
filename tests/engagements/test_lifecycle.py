"""One engagement from draft to completed, through the services only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engagements.models import Engagement, Quote, Subtask
from engagements.services import assignment, decomposition, delivery, quotes, work
from enterprise.audit import timeline_for

from . import factories as f


def _text(name="article.txt"):
    return SimpleUploadedFile(name, "本文です".encode(), content_type="text/plain")


def test_engagement_walks_from_draft_to_completed(world, quoted, mailoutbox):
    engagement = quoted.engagement
    # Quote: 198,000 work + 19,800 direction fee, tax once on 217,800 = 21,780.
    assert (quoted.work_subtotal, quoted.direction_fee, quoted.tax, quoted.total) == (
        198_000, 19_800, 21_780, 239_580,
    )  # fmt: skip
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.5")
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.CONTRACTED
    quoted.refresh_from_db()
    assert (quoted.state, quoted.decided_by, quoted.decided_from_ip) == (
        Quote.State.ACCEPTED, world.contact, "203.0.113.5",
    )  # fmt: skip

    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    decomposition.engagement_start_planning(engagement=engagement, by=world.director)
    subtasks = [
        decomposition.subtask_create(
            engagement=engagement,
            by=world.director,
            title=f"記事 {n}",
            instructions="構成案に沿って執筆",
            deliverable_spec="2,000字",
            reward=60_000,
            due_at=f.in_days(10),
        )  # fmt: skip
        for n in (1, 2)
    ]
    offers = [
        assignment.subtask_offer(
            subtask=subtasks[0], worker=world.alice, by=world.director
        ),
        assignment.subtask_offer(
            subtask=subtasks[1], worker=world.bob, by=world.director
        ),
    ]
    assignment.offer_accept(offer=offers[0], by=world.alice)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.PLANNING  # one still unassigned
    assignment.offer_accept(offer=offers[1], by=world.bob)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS

    for subtask, worker in zip(subtasks, (world.alice, world.bob), strict=True):
        submission = work.submission_create(
            subtask=subtask, by=worker, note="提出します", files=[_text()]
        )
        work.review_approve(submission=submission, by=world.director, rating=5)
    delivery.engagement_deliver(
        engagement=engagement, by=world.director, note="納品です"
    )
    delivery.delivery_accept(engagement=engagement, by=world.contact)

    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.COMPLETED
    assert [e.to_state for e in timeline_for(engagement) if e.to_state] == [
        "draft", "quoting", "quoted", "contracted", "planning", "in_progress",
        "delivered", "completed",
    ]  # fmt: skip
    assert Subtask.objects.filter(state=Subtask.State.APPROVED).count() == 2


def test_submit_for_quote_holds_risky_engagement_for_screening(world, engagement):
    from engagements.models import ScreeningKeyword
    from engagements.services import intake

    ScreeningKeyword.objects.create(phrase="個人情報", reason="名簿収集の疑い")
    engagement.purpose = "個人情報の収集リスト作成"
    engagement.save(update_fields=["purpose"])
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.SCREENING
    assert engagement.screening_hits[0]["phrase"] == "個人情報"


def test_watchlisted_client_goes_to_screening(world, engagement):
    from engagements.services import intake

    world.client.watchlisted = True
    world.client.watchlist_reason = "過去にアフィリエイト誘導"
    world.client.save()
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.SCREENING
    assert engagement.screening_hits == [
        {"kind": "watchlist", "phrase": "", "reason": "過去にアフィリエイト誘導"}
    ]


@pytest.mark.parametrize("who", ["other_contact", "sales", "alice"])
def test_only_the_clients_own_contact_accepts_its_quote(world, quoted, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        quotes.quote_accept(quote=quoted, by=getattr(world, who), ip=None)
