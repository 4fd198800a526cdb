"""With the Celery broker down, sending a competition's shortlist to the
client answers a normal page; the mail waits in the outbox and goes once
when the broker is back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements.services import competition
from tests.outbox import PENDING_NOTE, pending_tasks, sweep_after_recovery

from .. import factories as f
from .conftest import certify, make_subtask

# The request's own transaction must commit for its on-commit send to run.
pytestmark = pytest.mark.django_db(transaction=True)


def test_sending_the_shortlist_waits_for_the_broker_then_mails_once(
    world, client, planning, mailoutbox, broker_down
):
    certify(world.alice, world.category, skill=f.article_skill())
    contest = make_subtask(
        planning, world.director, "competition", title="キャッチコピー案",
        reward=50_000, due_at=f.in_days(3),
    )  # fmt: skip
    broker_down.back()
    competition.competition_open(subtask=contest, by=world.director)
    logo = SimpleUploadedFile("logo.png", b"PNG", content_type="image/png")
    entry = competition.entry_submit(
        subtask=contest, by=world.alice, note="A案", files=[logo]
    )
    competition.entry_shortlist(entry=entry, by=world.director)
    broker_down.down()
    mailoutbox.clear()
    client.force_login(world.director)

    response = client.post(
        reverse("engagements:competition_send_shortlist", args=[contest.pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert PENDING_NOTE in response.content.decode()
    assert pending_tasks() == ["enterprise.tasks.send_mail_task"]

    assert sweep_after_recovery(broker_down) == 1
    (mail,) = mailoutbox
    assert mail.to == [world.contact.email]
