"""A worker sees only their own subtasks, offers and files: every worker URL
of a subtask that is not theirs answers 404; other roles get 403 or 404."""

import pytest
from django.urls import reverse

from engagements.models import Message, Offer, Submission
from engagements.services import assignment
from tests.once import once

from . import factories as f
from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import new_subtask, text_file


def _subtask_urls(subtask, file_pk, offer_pk):
    """(method, url, data) of every worker URL that names this subtask."""
    return [
        ("get", reverse("engagements:worker_subtask", args=[subtask.pk]), None),
        (
            "post",
            reverse("engagements:worker_subtask_message", args=[subtask.pk]),
            {"body": "質問です"},
        ),
        (
            "post",
            reverse("engagements:worker_subtask_submit", args=[subtask.pk]),
            {"note": "提出", "files": [text_file()]},
        ),
        ("get", reverse("engagements:submission_file", args=[file_pk]), None),
        (
            "post",
            reverse("engagements:worker_offer_accept", args=[offer_pk]),
            once(),
        ),
        (
            "post",
            reverse("engagements:worker_offer_decline", args=[offer_pk]),
            {"reason": "忙しいため"},
        ),
    ]


@pytest.fixture
def alice_offer(world, planned):
    """A second subtask offered to alice, waiting for her answer."""
    subtask = new_subtask(planned, world.director, "第三章の記事")
    return assignment.subtask_offer(
        subtask=subtask, worker=world.alice, by=world.director
    )


def _call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def test_another_worker_gets_404_on_every_url_of_alices_subtask(
    client, world, alice_submission, alice_offer, bob_subtask
):
    client.force_login(world.bob)
    file_pk = alice_submission.files.get().pk
    for method, url, data in _subtask_urls(
        alice_submission.subtask, file_pk, alice_offer.pk
    ):
        assert _call(client, method, url, data).status_code == 404, url
    # Nothing happened to alice's work on the way.
    assert Submission.objects.filter(subtask=alice_submission.subtask).count() == 1
    assert not Message.objects.exists()
    alice_offer.refresh_from_db()
    assert alice_offer.state == Offer.State.PENDING


def test_a_client_contact_is_refused_every_worker_url(
    client, world, alice_submission, alice_offer
):
    client.force_login(world.contact)
    file_pk = alice_submission.files.get().pk
    for method, url, data in _subtask_urls(
        alice_submission.subtask, file_pk, alice_offer.pk
    ):
        assert _call(client, method, url, data).status_code in (403, 404), url
    for name in ("worker_home", "worker_offers", "worker_subtasks", "worker_ratings"):
        assert client.get(reverse(f"engagements:{name}")).status_code == 403
    assert Submission.objects.count() == 1


def test_lists_show_only_the_workers_own_subtasks_and_offers(
    client, world, alice_subtask, bob_subtask, alice_offer
):
    client.force_login(world.bob)
    page = client.get(reverse("engagements:worker_subtasks") + "?show=all")
    assert "第二章の記事" in page.content.decode()
    assert "第一章の記事" not in page.content.decode()
    home = client.get(reverse("engagements:worker_home")).content.decode()
    assert "第二章の記事" in home
    assert "第一章の記事" not in home and "第三章の記事" not in home
    offers = client.get(reverse("engagements:worker_offers")).content.decode()
    assert "第三章の記事" not in offers


def test_the_uploader_downloads_the_file_as_an_attachment(
    client, world, alice_submission
):
    client.force_login(world.alice)
    record = alice_submission.files.get()
    response = client.get(reverse("engagements:submission_file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="article.txt"'
    assert b"".join(response.streaming_content).decode() == "本文です"


def test_only_the_supervising_director_or_a_superuser_downloads_others_files(
    client, world, alice_submission
):
    url = reverse("engagements:submission_file", args=[alice_submission.files.get().pk])
    client.force_login(world.other_director)
    assert client.get(url).status_code == 404
    client.force_login(world.sales)
    assert client.get(url).status_code == 404
    client.force_login(world.director)
    assert client.get(url).status_code == 200
    client.force_login(f.UserFactory(username="root", is_superuser=True))
    assert client.get(url).status_code == 200


def test_a_former_assignee_keeps_their_versions_but_cannot_act(
    client, world, alice_submission
):
    """Rejected work reopens the subtask; alice still reads her own version."""
    from engagements.services import work

    work.review_reject(
        submission=alice_submission, by=world.director, reason_code="off_spec",
        reason="指定の構成と異なります",
    )  # fmt: skip
    client.force_login(world.alice)
    subtask = alice_submission.subtask
    page = client.get(reverse("engagements:worker_subtask", args=[subtask.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "指定の構成と異なります" in html and "article.txt" in html
    assert reverse("engagements:worker_subtask_submit", args=[subtask.pk]) not in html
    submit = client.post(
        reverse("engagements:worker_subtask_submit", args=[subtask.pk]),
        {"note": "再提出", "files": [text_file()]},
    )
    assert submit.status_code == 403
    assert Submission.objects.count() == 1
