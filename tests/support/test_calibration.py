"""Reviewer calibration for the head of directors: each director's approval,
revision and rejection rates, reasons, time to review and how often the
client's rating disagrees, with the spread across directors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from guardian.shortcuts import assign_perm

from engagements.models import Review, Submission
from engagements.services import delivery as delivery_services
from engagements.services import work
from support.ratings import delivery_rate

from .voice_world import *  # noqa: F403

URL = "/support/calibration/"


def submit(subtask, note="提出します"):
    return work.submission_create(
        subtask=subtask,
        by=subtask.assignee,
        note=note,
        files=[SimpleUploadedFile("a.txt", "本文".encode(), "text/plain")],
    )


@pytest.fixture
def head(make_user):
    user = make_user("head", roles=["director"])
    assign_perm("directors.change_directorprofile", user)
    return user


@pytest.fixture
def reviewed(world, in_progress):
    """director-1: one revision then two approvals (rating 4), delivered and
    rated 1 star by the client; director-2: one approval, one rejection."""
    first, second = in_progress.subtasks.order_by("pk")
    work.review_request_revision(
        submission=submit(first), by=world.director, reason="見出しを修正してください"
    )
    for subtask in (first, second):
        work.review_approve(submission=submit(subtask), by=world.director, rating=4)
    delivery = delivery_services.engagement_deliver(
        engagement=in_progress, by=world.director, note="納品します"
    )
    delivery_rate(delivery=delivery, rating=1, comment="期待外れ", by=world.contact)
    # director-2's reviews of earlier versions (the history a reassignment leaves).
    for version, decision, code in [
        (7, Review.Decision.APPROVED, ""),
        (8, Review.Decision.REJECTED, Review.RejectReason.QUALITY),
    ]:
        submission = Submission.objects.create(
            subtask=second, worker=second.assignee, version=version
        )
        Review.objects.create(
            submission=submission,
            reviewer=world.other_director,
            decision=decision,
            reason_code=code,
        )
    return world


def test_head_sees_each_director_and_the_spread(client, head, reviewed):
    client.force_login(head)
    response = client.get(URL)
    rows = {r.director.username: r for r in response.context["directors"]}
    one, two = rows["director-1"], rows["director-2"]
    assert (one.reviews, one.approved, one.revisions, one.rejected) == (3, 2, 1, 0)
    assert (str(one.approval_rate), str(one.revision_rate)) == ("66.6", "33.3")
    assert (one.client_rated, one.disagreed, str(one.disagreement_rate)) == (
        1,
        1,
        "100.0",
    )
    assert one.review_hours is not None
    assert (two.reviews, str(two.approval_rate), str(two.rejection_rate)) == (
        2,
        "50.0",
        "50.0",
    )
    approval = response.context["spreads"][0]
    assert (str(approval.low), str(approval.high), str(approval.gap)) == (
        "50.0",
        "66.6",
        "16.6",
    )
    page = response.content.decode()
    assert "レビュアー較正" in page
    assert 'data-width="66.6"' in page
    assert "品質が検収基準に達していない: 1" in page


def test_plain_director_and_client_are_refused(client, world, reviewed):
    for user in (world.director, world.contact, world.alice):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_queries_do_not_grow_with_directors(
    client, head, reviewed, make_user, django_assert_max_num_queries
):
    client.force_login(head)
    with django_assert_max_num_queries(15):
        client.get(URL)
    subtask = Submission.objects.first().subtask
    for n in range(5):
        director = make_user(f"extra-{n}", roles=["director"])
        submission = Submission.objects.create(
            subtask=subtask, worker=subtask.assignee, version=20 + n
        )
        Review.objects.create(
            submission=submission, reviewer=director, decision=Review.Decision.APPROVED
        )
    with django_assert_max_num_queries(15):
        response = client.get(URL)
    assert len(response.context["directors"]) == 7
