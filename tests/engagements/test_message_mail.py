"""The mail about a new message in a subtask's thread links the page where
the one mailed reads and answers the thread."""

from django.urls import reverse

from engagements.services import work

from .worker_fixtures import *  # noqa: F403 (the fixtures)

SITE = "https://motouke.example.jp"


def post(subtask, by, body, capture):
    with capture(execute=True):
        work.message_post(subtask=subtask, by=by, body=body)


def test_a_workers_question_mails_the_director_the_review_page(
    world, alice_subtask, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE + "/"
    post(
        alice_subtask,
        world.alice,
        "見出しの数に指定はありますか？ <h2>と&の扱いは？",
        django_capture_on_commit_callbacks,
    )
    (mail,) = mailoutbox
    assert mail.to == [world.director.email]
    assert "見出しの数に指定はありますか？ <h2>と&の扱いは？" in mail.body
    review = SITE + reverse("directors:review", args=[alice_subtask.pk])
    assert review in mail.body.split()


def test_a_directors_message_mails_the_worker_the_subtask_page(
    world, alice_subtask, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    post(
        alice_subtask,
        world.director,
        "構成案は届きましたか？",
        django_capture_on_commit_callbacks,
    )
    (mail,) = mailoutbox
    assert mail.to == [world.alice.email]
    page = SITE + reverse("engagements:worker_subtask", args=[alice_subtask.pk])
    assert page in mail.body.split()
