"""Builders for director tests: roster entries, subtasks, submissions, and
engagements in bulk for the query-count tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directors.models import DirectorProfile
from engagements.models import Engagement, Submission, Subtask
from engagements.models.engagement import OPEN_STATES
from engagements.services import assignment, decomposition, work
from tests.engagements import factories as f
from workers.models import Certification, CertificationLevel, WorkerSkill


def on_roster(user, kind=DirectorProfile.Kind.STAFF, limit=5, active=True):
    """A roster entry written directly (the rules are tested through the service)."""
    return DirectorProfile.objects.create(
        user=user, kind=kind, max_engagements=limit, active=active
    )


def senior(user, category=None, status=Certification.Status.ACTIVE):
    """Give ``user`` the senior certification in ``category`` (writing)."""
    today = timezone.localdate()
    return Certification.objects.create(
        worker=user,
        category=category or f.writing(),
        level=CertificationLevel.objects.get(code="senior"),
        status=status,
        since=today,
        probation_until=(
            today + datetime.timedelta(days=30)
            if status == Certification.Status.PROBATION
            else None
        ),
    )


def skilled(worker, level=3):
    """Declare the article skill, so the recommendation ranks ``worker``."""
    WorkerSkill.objects.update_or_create(
        profile=worker.worker_profile,
        skill=f.article_skill(),
        defaults={"self_level": level},
    )
    return worker


def add_subtask(engagement, by, title="記事 1", reward=60_000, days=10, **fields):
    return decomposition.subtask_create(
        engagement=engagement,
        by=by,
        title=title,
        instructions="構成案に沿って執筆してください。",
        deliverable_spec="2,000字、Word形式",
        reward=reward,
        due_at=f.in_days(days),
        required_skill=f.article_skill(),
        **fields,
    )


def assign(subtask, worker, by):
    offer = assignment.subtask_offer(subtask=subtask, worker=worker, by=by)
    return assignment.offer_accept(offer=offer, by=worker)


def text_file(name="article.txt", body="本文です"):
    return SimpleUploadedFile(name, body.encode(), content_type="text/plain")


def submit(subtask, worker, note="提出します"):
    return work.submission_create(
        subtask=subtask, by=worker, note=note, files=[text_file()]
    )


def bulk_engagements(count, *, director, client, sales, category, now=None):
    """``count`` engagements of ``director`` spread over the states, each
    open one with a submitted, an at-risk and an overdue subtask; in a
    completed one the same three are approved, as the state machines leave
    them (``deliver`` needs every subtask approved).

    Rows are written directly: the fixture is about volume, the transitions
    are tested elsewhere. Submission times differ so the queue has an order.
    """
    now = now or timezone.now()
    states = [
        Engagement.State.PLANNING,
        Engagement.State.IN_PROGRESS,
        Engagement.State.DELIVERED,
        Engagement.State.COMPLETED,
        Engagement.State.CONTRACTED,
    ]
    worker = f.worker(f"bulk-worker-{Engagement.objects.count()}", capacity=50)
    engagements = Engagement.objects.bulk_create(
        Engagement(
            client=client,
            title=f"案件 {n}",
            category=category,
            purpose="目的",
            deliverables="成果物",
            acceptance_criteria="基準",
            deadline=now.date() + datetime.timedelta(days=30),
            budget=100_000,
            sales_owner=sales,
            director=director,
            state=states[n % len(states)],
        )  # fmt: skip
        for n in range(count)
    )
    subtasks = []
    for n, engagement in enumerate(engagements):
        for state, due in (
            (Subtask.State.SUBMITTED, now + datetime.timedelta(days=5)),
            (Subtask.State.ASSIGNED, now + datetime.timedelta(hours=20)),
            (Subtask.State.REVISION_REQUESTED, now - datetime.timedelta(hours=3)),
        ):
            if engagement.state not in OPEN_STATES:
                state = Subtask.State.APPROVED
            subtasks.append(
                Subtask(
                    engagement=engagement,
                    title=f"作業 {n} {state}",
                    instructions="指示",
                    deliverable_spec="仕様",
                    reward=10_000,
                    due_at=due,
                    state=state,
                    assignee=worker,
                    silence_flagged_at=now if n % 3 == 0 else None,
                )  # fmt: skip
            )
    subtasks = Subtask.objects.bulk_create(subtasks)
    Submission.objects.bulk_create(
        Submission(subtask=s, worker=worker, version=1)
        for s in subtasks
        if s.state == Subtask.State.SUBMITTED
    )
    return engagements
