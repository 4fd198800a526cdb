"""With the Celery broker down, sales' quote sending and the director's offer
and approval answer a normal page, the follow-up work (PDF, mail,
certification) waits in the outbox, and it is done exactly once when the
broker is back."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engagements.models import Quote, Subtask
from engagements.services import intake, quotes, work
from tests.once import once
from tests.outbox import PENDING_NOTE, pending_tasks, sweep_after_recovery

from .worker_fixtures import *  # noqa: F403 (the fixtures)
from .worker_fixtures import new_subtask

# The request's own transaction must commit for its on-commit send to run.
pytestmark = pytest.mark.django_db(transaction=True)


def test_quote_send_waits_for_the_broker_then_renders_the_pdf_once(
    world, client, engagement, mailoutbox, broker_down
):
    intake.engagement_submit_for_quote(engagement=engagement, by=world.sales)
    draft = quotes.quote_save(
        engagement=engagement, by=world.sales,
        lines=[quotes.LineInput("記事作成", 1, "本", 10_000)],
        valid_until=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    mailoutbox.clear()
    client.force_login(world.sales)

    response = client.post(
        f"/engagements/sales/{engagement.pk}/quotes/{draft.pk}/send/",
        once(),
        follow=True,
    )

    assert response.status_code == 200
    assert PENDING_NOTE in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == Quote.State.SENT and not draft.pdf_sha256
    assert "engagements.tasks.render_quote_pdf" in pending_tasks()
    # The PDF link does not claim the PDF is being made: it waits.
    pdf_url = f"/engagements/sales/{engagement.pk}/quotes/{draft.pk}/pdf/"
    assert PENDING_NOTE in client.get(pdf_url, follow=True).content.decode()

    sent = sweep_after_recovery(broker_down)
    assert sent == len(mailoutbox) + 1  # the PDF, and each mail once
    draft.refresh_from_db()
    assert draft.pdf_sha256


def test_offer_waits_for_the_broker_then_mails_the_worker_once(
    world,
    client,
    planned,
    mailoutbox,
    broker_down,
):
    subtask = new_subtask(planned, world.director, "第一章の記事")
    mailoutbox.clear()
    client.force_login(world.director)

    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/",
        {"worker": world.alice.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert PENDING_NOTE in response.content.decode()
    assert subtask.offers.get().worker == world.alice
    assert pending_tasks() == ["enterprise.tasks.send_mail_task"]

    assert sweep_after_recovery(broker_down) == 1
    (mail,) = mailoutbox
    assert mail.to == [world.alice.email] and "第一章の記事" in mail.subject


def test_approval_waits_for_the_broker_then_does_its_follow_up_once(
    world,
    client,
    alice_subtask,
    mailoutbox,
    broker_down,
):
    upload = SimpleUploadedFile("a.txt", "本文".encode(), "text/plain")
    submission = work.submission_create(
        subtask=alice_subtask, by=world.alice, note="初稿です", files=[upload]
    )
    mailoutbox.clear()
    client.force_login(world.director)

    response = client.post(
        f"/directors/subtasks/{alice_subtask.pk}/approve/",
        {"approve-submission": submission.pk, "approve-rating": "5"},
        follow=True,
    )

    assert response.status_code == 200
    assert PENDING_NOTE in response.content.decode()
    alice_subtask.refresh_from_db()
    assert alice_subtask.state == Subtask.State.APPROVED
    queued = pending_tasks()
    assert "enterprise.tasks.send_mail_task" in queued
    assert mailoutbox == []

    assert sweep_after_recovery(broker_down) == len(queued)
    assert [world.alice.email] in [mail.to for mail in mailoutbox]
    assert len(mailoutbox) == queued.count("enterprise.tasks.send_mail_task")
