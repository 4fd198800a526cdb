"""Who reaches the director pages: the supervising director and superusers;
another director gets 404 on every one of them, a worker 403 (and the
service refuses a worker's approval whatever the page)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from engagements.models import Review, Subtask
from engagements.services import work

# (method, url template); {e} the engagement, {s} the subtask, {f} a file.
DIRECTOR_URLS = [
    ("get", "/directors/engagements/{e}/"),
    ("post", "/directors/engagements/{e}/start-planning/"),
    ("post", "/directors/engagements/{e}/subtasks/"),
    ("post", "/directors/engagements/{e}/start-work/"),
    ("post", "/directors/engagements/{e}/deliver/"),
    ("post", "/directors/engagements/{e}/cancel/"),
    ("get", "/directors/subtasks/{s}/edit/"),
    ("post", "/directors/subtasks/{s}/edit/"),
    ("get", "/directors/subtasks/{s}/assign/"),
    ("post", "/directors/subtasks/{s}/offer/"),
    ("post", "/directors/subtasks/{s}/reoffer/"),
    ("get", "/directors/subtasks/{s}/review/"),
    ("post", "/directors/subtasks/{s}/approve/"),
    ("post", "/directors/subtasks/{s}/revision/"),
    ("post", "/directors/subtasks/{s}/reject/"),
    ("post", "/directors/subtasks/{s}/escalate/"),
    ("post", "/directors/subtasks/{s}/paid-round/"),
    ("post", "/directors/subtasks/{s}/messages/"),
    ("get", "/directors/files/{f}/"),
]
# What a POST carries: enough to pass every form, so only the check refuses.
FORM = {
    "approve-submission": "0", "approve-rating": "5",
    "revision-submission": "0", "revision-reason": "見出しを直してください",
    "reject-submission": "0", "reject-reason_code": "quality", "reject-reason": "品質",
    "escalate-note": "相談", "paid-price": "5000", "paid-note": "合意済み",
    "message-body": "ご質問への回答です", "cancel-reason": "中止",
    "deliver-note": "納品します", "worker": "0",
}  # fmt: skip


def fill(url, submission):
    subtask = submission.subtask
    return url.format(
        e=subtask.engagement_id, s=subtask.pk, f=submission.files.get().pk
    )


def call(client, method, url, submission):
    data = {**FORM, "approve-submission": submission.pk} if method == "post" else {}
    return getattr(client, method)(fill(url, submission), data)


@pytest.mark.parametrize(("method", "url"), DIRECTOR_URLS)
def test_another_director_gets_404_on_every_director_url(
    client, world, submitted, method, url
):
    client.force_login(world.other_director)
    assert call(client, method, url, submitted).status_code == 404
    subtask = Subtask.objects.get(pk=submitted.subtask_id)
    assert subtask.state == Subtask.State.SUBMITTED
    assert not Review.objects.exists()


@pytest.mark.parametrize(("method", "url"), DIRECTOR_URLS)
def test_a_veteran_holding_the_subtask_gets_404_as_a_director(
    client, world, submitted, method, url
):
    """alice works on the subtask and also directs elsewhere: her director
    role does not open this engagement's director pages."""
    world.alice.groups.add(Group.objects.get(name="director"))
    client.force_login(world.alice)
    assert call(client, method, url, submitted).status_code == 404


@pytest.mark.parametrize(("method", "url"), DIRECTOR_URLS)
@pytest.mark.parametrize("who", ["alice", "sales", "contact"])
def test_people_without_the_director_role_get_403(
    client, world, submitted, method, url, who
):
    client.force_login(getattr(world, who))
    assert call(client, method, url, submitted).status_code == 403


def test_a_worker_cannot_approve(client, world, submitted):
    client.force_login(world.alice)
    response = client.post(
        f"/directors/subtasks/{submitted.subtask_id}/approve/",
        {"approve-submission": submitted.pk, "approve-rating": "5"},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        work.review_approve(submission=submitted, by=world.alice, rating=5)
    subtask = Subtask.objects.get(pk=submitted.subtask_id)
    assert subtask.state == Subtask.State.SUBMITTED
    assert not Review.objects.exists()


def test_the_supervising_director_and_a_superuser_open_the_pages(
    client, world, submitted, superuser
):
    for user in (world.director, superuser):
        client.force_login(user)
        for method, url in DIRECTOR_URLS:
            if method == "get":
                assert call(client, method, url, submitted).status_code == 200, url


def test_the_file_streams_to_the_supervising_director_only(
    client, world, submitted, superuser
):
    url = f"/directors/files/{submitted.files.get().pk}/"
    for user in (world.director, superuser):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).decode() == "本文です"
        assert response["Content-Disposition"] == ('attachment; filename="article.txt"')
    client.force_login(world.other_director)
    assert client.get(url).status_code == 404
    assert client.get("/directors/files/999999/").status_code == 404


def test_a_get_on_an_action_is_refused_after_the_object_check(client, world, submitted):
    client.force_login(world.director)
    url = f"/directors/subtasks/{submitted.subtask_id}/approve/"
    assert client.get(url).status_code == 405
