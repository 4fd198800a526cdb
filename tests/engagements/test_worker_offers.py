"""Answering offers in the portal: the terms shown, accept, decline with a
reason, and an expired offer refused with the service's message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements.models import Assignment, Offer, Subtask
from engagements.services import assignment
from tests.once import once

from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import new_subtask


@pytest.fixture
def offer(world, planned):
    subtask = new_subtask(planned, world.director, "第一章の記事", reward=19_800)
    return assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )


def test_the_offer_shows_reward_due_answer_by_and_terms(client, world, offer):
    client.force_login(world.alice)
    html = client.get(reverse("engagements:worker_offers")).content.decode()
    due = timezone.localtime(offer.subtask.due_at).strftime("%Y/%m/%d %H:%M")
    answer_by = timezone.localtime(offer.expires_at).strftime("%Y/%m/%d %H:%M")
    assert "第一章の記事" in html
    assert "¥19,800" in html and "報酬（税抜）" in html
    assert due in html and answer_by in html
    assert "構成案に沿って執筆してください。" in html
    assert "2,000字・Word形式" in html
    assert "3回" in html  # revision rounds included
    assert "この条件で引き受ける" in html and "この依頼をお断りする" in html


def test_accepting_through_the_page_assigns_the_subtask(client, world, offer):
    client.force_login(world.alice)
    response = client.post(
        reverse("engagements:worker_offer_accept", args=[offer.pk]),
        once(next=reverse("engagements:worker_offers")),
    )
    assert response["Location"] == reverse(
        "engagements:worker_subtask", args=[offer.subtask_id]
    )
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED
    subtask = Subtask.objects.get(pk=offer.subtask_id)
    assert (subtask.state, subtask.assignee) == (Subtask.State.ASSIGNED, world.alice)
    assert Assignment.objects.get().reward == 19_800
    html = client.get(response["Location"]).content.decode()
    assert "「第一章の記事」を引き受けました。" in html


def test_declining_with_a_reason_reopens_the_subtask(client, world, offer):
    client.force_login(world.alice)
    response = client.post(
        reverse("engagements:worker_offer_decline", args=[offer.pk]),
        {"reason": "今週は他の案件で手一杯のため", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("engagements:worker_offers")
    offer.refresh_from_db()
    assert (offer.state, offer.reason) == (
        Offer.State.DECLINED,
        "今週は他の案件で手一杯のため",
    )
    assert Subtask.objects.get(pk=offer.subtask_id).state == Subtask.State.OPEN
    html = client.get(response["Location"]).content.decode()
    assert "「第一章の記事」をお断りしました。" in html


def test_an_expired_offer_shows_the_services_message(client, world, offer):
    Offer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(world.alice)
    response = client.post(
        reverse("engagements:worker_offer_accept", args=[offer.pk]),
        once(),
        follow=True,
    )
    assert "この依頼は回答期限を過ぎています。" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == Offer.State.PENDING
    assert Subtask.objects.get(pk=offer.subtask_id).state == Subtask.State.OFFERED
    assert not Assignment.objects.exists()


def test_answering_twice_shows_that_the_offer_is_closed(client, world, offer):
    client.force_login(world.alice)
    url = reverse("engagements:worker_offer_decline", args=[offer.pk])
    client.post(url, {"reason": ""})
    response = client.post(url, {"reason": ""}, follow=True)
    assert "この依頼はすでに締め切られています。" in response.content.decode()


def test_apps_above_add_sections_to_the_offer_card(
    client, world, offer, tmp_path, settings, monkeypatch
):
    from engagements.views.worker import OFFER
    from enterprise.sections import _registry, register_section

    (tmp_path / "offer_section.html").write_text("<p>手取り: {{ reward }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    monkeypatch.setitem(_registry, OFFER, [])
    register_section(
        OFFER,
        "offer_section.html",
        context=lambda request, o: {"reward": o.subtask.reward},
    )
    client.force_login(world.alice)
    for url in (
        reverse("engagements:worker_offers"),
        reverse("engagements:worker_home"),
        reverse("engagements:worker_subtask", args=[offer.subtask_id]),
    ):
        assert "<p>手取り: 19800</p>" in client.get(url).content.decode()


def test_accepting_twice_with_one_token_shows_the_subtask_without_an_error(
    client, world, offer
):
    client.force_login(world.alice)
    url = reverse("engagements:worker_offer_accept", args=[offer.pk])
    data = once()

    client.post(url, data)
    again = client.post(url, data, follow=True)

    assert again.redirect_chain == [
        (reverse("engagements:worker_subtask", args=[offer.subtask_id]), 302)
    ]
    page = again.content.decode()
    assert "このフォームは送信済みです。" in page
    assert 'class="message error"' not in page and "messages-error" not in page
    assert offer.subtask.assignments.count() == 1
