"""Fixtures of the worker-portal tests: an engagement being worked on with a
subtask held by alice and one held by bob (import the fixtures you use)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engagements.services import assignment, decomposition, quotes, work

from . import factories as f


def text_file(name="article.txt", body="本文です"):
    return SimpleUploadedFile(name, body.encode(), content_type="text/plain")


def new_subtask(engagement, director, title, reward=60_000):
    return decomposition.subtask_create(
        engagement=engagement, by=director, title=title,
        instructions="構成案に沿って執筆してください。",
        deliverable_spec="2,000字・Word形式",
        reward=reward, due_at=f.in_days(10),
    )  # fmt: skip


def hand_to(subtask, worker, director):
    """Offer the subtask to ``worker`` and accept it as them."""
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=director)
    assignment.offer_accept(offer=offer, by=worker)
    subtask.refresh_from_db()
    return subtask


@pytest.fixture
def planned(world, quoted):
    """The quoted engagement, accepted, supervised by world.director, planning."""
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.5")
    engagement = quoted.engagement
    decomposition.engagement_assign_director(
        engagement=engagement, director=world.director, by=world.sales
    )
    return decomposition.engagement_start_planning(
        engagement=engagement, by=world.director
    )


@pytest.fixture
def alice_subtask(world, planned):
    return hand_to(
        new_subtask(planned, world.director, "第一章の記事"),
        world.alice,
        world.director,
    )


@pytest.fixture
def bob_subtask(world, planned):
    return hand_to(
        new_subtask(planned, world.director, "第二章の記事"), world.bob, world.director
    )


@pytest.fixture
def alice_submission(world, alice_subtask):
    return work.submission_create(
        subtask=alice_subtask, by=world.alice, note="初稿です", files=[text_file()]
    )
