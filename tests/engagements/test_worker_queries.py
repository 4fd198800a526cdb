"""The worker's pages run the same number of queries with 10 and with 200
engagements (no query per row)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.models import (
    Assignment,
    Engagement,
    Message,
    Offer,
    Review,
    Submission,
    Subtask,
)
from enterprise.models import OperatorProfile

from . import factories as f


def _add_engagements(world, count: int) -> None:
    """``count`` engagements in progress, each with a subtask held by alice
    (approved work of hers, a director's message waiting for her) and one
    subtask offered to her."""
    now = timezone.now()
    engagements = Engagement.objects.bulk_create(
        Engagement(
            client=world.client, title=f"案件 {n}", category=world.category,
            purpose="目的", deliverables="納品物", acceptance_criteria="基準",
            deadline=timezone.localdate(), budget=100_000, sales_owner=world.sales,
            director=world.director, state=Engagement.State.IN_PROGRESS,
        )
        for n in range(count)
    )  # fmt: skip

    def subtask(e, state, **who):
        return Subtask(
            engagement=e, title=f"{e.title} 作業", instructions="指示",
            deliverable_spec="仕様", reward=10_000, due_at=f.in_days(5),
            state=state, **who,
        )  # fmt: skip

    held = Subtask.objects.bulk_create(
        subtask(e, Subtask.State.ASSIGNED, assignee=world.alice) for e in engagements
    )
    offered = Subtask.objects.bulk_create(
        subtask(e, Subtask.State.OFFERED, offered_to=world.alice) for e in engagements
    )
    Assignment.objects.bulk_create(
        Assignment(
            subtask=s, worker=world.alice, accepted_at=now, reward=s.reward,
            due_at=s.due_at, description="指示", deliverable_spec="仕様",
        )
        for s in held
    )  # fmt: skip
    Offer.objects.bulk_create(
        Offer(
            subtask=s, worker=world.alice, offered_by=world.director,
            expires_at=f.in_days(2),
        )
        for s in offered
    )  # fmt: skip
    Message.objects.bulk_create(
        Message(subtask=s, author=world.director, body="進捗はいかがですか？")
        for s in held
    )
    submissions = Submission.objects.bulk_create(
        Submission(subtask=s, worker=world.alice, version=1) for s in held
    )
    Review.objects.bulk_create(
        Review(
            submission=s, reviewer=world.director, rating=4,
            decision=Review.Decision.APPROVED,
        )
        for s in submissions
    )  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_worker_pages_do_not_grow_with_the_engagements(client, world):
    OperatorProfile.get()  # made on first use: not a query the rows cause
    client.force_login(world.alice)
    urls = [
        reverse("engagements:worker_subtasks"),
        reverse("engagements:worker_subtasks") + "?show=all",
        reverse("engagements:worker_home"),
        reverse("engagements:worker_offers"),
        reverse("engagements:worker_ratings"),
        reverse("workers:dashboard"),  # with our section on it
    ]
    _add_engagements(world, 10)
    small = [_queries(client, url) for url in urls]
    _add_engagements(world, 190)
    large = [_queries(client, url) for url in urls]
    assert small == large
    assert max(large) <= 15  # the page budget (issue 15)


def test_the_subtask_list_pages_by_50_keeping_the_filter(client, world):
    _add_engagements(world, 60)
    client.force_login(world.alice)
    html = client.get(reverse("engagements:worker_subtasks")).content.decode()
    assert len(re.findall(r'href="/engagements/work/subtasks/\d+/"', html)) == 50
    assert 'href="?show=current&amp;page=2"' in html
