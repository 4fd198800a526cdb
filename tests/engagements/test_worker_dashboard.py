"""The worker dashboard (owned by workers) shows the worker's own offers,
subtasks in hand and waiting messages as a section from engagements."""

from django.urls import reverse

from engagements.services import assignment, work

from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import new_subtask


def test_the_dashboard_shows_my_offers_subtasks_and_waiting_messages(
    client, world, planned, alice_subtask, bob_subtask
):
    offered = new_subtask(planned, world.director, "第三章の記事", reward=19_800)
    assignment.subtask_offer(subtask=offered, worker=world.alice, by=world.director)
    work.message_post(
        subtask=alice_subtask, by=world.director, body="進捗はいかがですか？"
    )
    client.force_login(world.alice)
    html = client.get(reverse("workers:dashboard")).content.decode()
    assert "回答待ちの依頼" in html
    assert "第三章の記事" in html and "¥19,800" in html
    assert "第一章の記事" in html  # held by alice
    assert "第二章の記事" not in html  # bob's
    assert "1件のメッセージがあなたの返信を待っています。" in html
    assert reverse("engagements:worker_home") in html
