"""The transactional outbox behind ``delay_on_commit``: a row written with the
change, sent after commit, left pending (never raising) when the broker is
down, swept oldest first, sent once, purged after some days."""

import datetime
import io
import time

import pytest
from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from enterprise.models import OutboxMessage
from enterprise.outbox import Sent, purge_sent, send_message, send_pending
from enterprise.tasks import send_mail_task

pytestmark = pytest.mark.django_db


@shared_task(name="tests.enterprise.explode")
def explode():
    raise ValueError("boom")


def _mail(subject: str) -> None:
    send_mail_task.delay_on_commit(["a@example.jp"], subject, "本文")


def test_work_rolled_back_queues_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _mail("取り消し")
        raise RuntimeError

    assert not OutboxMessage.objects.exists() and mailoutbox == []


def test_eager_mode_runs_the_task_on_commit_and_marks_it_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail("お知らせ")

    row = OutboxMessage.objects.get()
    assert (row.task_name, row.args) == (
        "enterprise.tasks.send_mail_task", [["a@example.jp"], "お知らせ", "本文"]
    )  # fmt: skip
    assert row.sent_at is not None and row.attempts == 1
    assert [m.subject for m in mailoutbox] == ["お知らせ"]


def test_a_dead_broker_fails_fast_and_leaves_the_row_pending(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail("準備")  # the first publish of a process imports the transport
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        _mail("待ち")
    elapsed = time.monotonic() - started

    row = OutboxMessage.objects.get(args__1="待ち")
    assert row.sent_at is None and row.attempts == 1
    assert "Connection refused" in row.last_error
    # About 0.1 s when idle; Celery's own retries took about six seconds.
    assert elapsed < 2


def test_the_sweep_sends_oldest_first_in_bounded_batches(
    broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for subject in ("一", "二", "三"):
            _mail(subject)
    broker_down.back()

    first = send_pending(limit=2)

    assert (first.sent, first.pending) == (2, 1)
    assert [m.subject for m in mailoutbox] == ["一", "二"]
    assert (send_pending().sent, send_pending().sent) == (1, 0)
    assert [m.subject for m in mailoutbox] == ["一", "二", "三"]


def test_the_sweep_stops_at_the_first_broker_failure(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for subject in ("一", "二", "三"):
            _mail(subject)

    result = send_pending()

    assert (result.sent, result.failed, result.pending) == (0, 1, 3)
    attempts = OutboxMessage.objects.order_by("created_at").values_list(
        "attempts", flat=True
    )
    assert list(attempts) == [2, 1, 1]


def test_a_row_is_sent_once_however_many_senders_try(
    broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail("一度だけ")
    broker_down.back()
    row = OutboxMessage.objects.get()

    outcomes = [send_message(row.pk), send_message(row.pk), send_pending().sent]

    assert outcomes == [Sent.SENT, Sent.SKIPPED, 0]
    assert len(mailoutbox) == 1


def test_a_failing_task_raises_in_eager_mode_and_stays_pending(
    django_capture_on_commit_callbacks,
):
    with (
        pytest.raises(ValueError, match="boom"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        explode.delay_on_commit()

    row = OutboxMessage.objects.get()
    assert row.sent_at is None and "boom" in row.last_error
    # The sweep retries it, and reports the failure instead of raising.
    assert send_pending().failed == 1


def test_rows_sent_long_ago_are_purged_pending_ones_kept(settings):
    now = timezone.now()
    old = now - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS + 1)
    for sent_at in (old, now, None):
        row = OutboxMessage.objects.create(task_name="enterprise.tasks.ping")
        OutboxMessage.objects.filter(pk=row.pk).update(created_at=old, sent_at=sent_at)

    assert purge_sent() == 1
    assert sorted(
        OutboxMessage.objects.values_list("sent_at", flat=True), key=bool
    ) == [None, now]


def test_the_command_sends_what_is_pending(
    broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail("コマンド")
    broker_down.back()
    out = io.StringIO()

    call_command("send_outbox", stdout=out)

    assert out.getvalue().strip() == "sent 1, failed 0, pending 0, purged 0"
    assert len(mailoutbox) == 1


def test_the_beat_schedule_sends_the_outbox_every_30_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-outbox"]
    assert (entry["task"], entry["schedule"]) == ("enterprise.tasks.send_outbox", 30.0)


def test_the_beat_task_sends_and_forgets_old_form_tokens(make_user, mailoutbox):
    from enterprise.models import IdempotencyKey
    from enterprise.tasks import send_outbox

    user = make_user("finance-1")
    old = timezone.now() - datetime.timedelta(days=31)
    for token in ("a" * 32, "b" * 32):
        IdempotencyKey.objects.create(token=token, user=user, path="/")
    IdempotencyKey.objects.filter(token="a" * 32).update(created_at=old)
    OutboxMessage.objects.create(
        task_name="enterprise.tasks.send_mail_task",
        args=[["a@example.jp"], "件名", "本文"],
    )

    assert send_outbox() == {"sent": 1, "pending": 0, "purged": 0}
    assert list(IdempotencyKey.objects.values_list("token", flat=True)) == ["b" * 32]
    assert len(mailoutbox) == 1


def test_a_chunks_tasks_written_together_stay_pending_when_the_relay_fails(
    broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    from enterprise.outbox import collected, held_sends

    with held_sends(relay=True), django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), collected():
            for n in range(3):
                _mail(f"一括{n}")
        assert OutboxMessage.objects.count() == 3  # one INSERT, in the transaction

    # The relay could not be published: nothing raised, every row waits.
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3
    broker_down.back()
    send_pending()
    assert sorted(m.subject for m in mailoutbox) == ["一括0", "一括1", "一括2"]


def test_rows_committed_together_are_sent_together_in_order(
    mailoutbox, django_capture_on_commit_callbacks
):
    from enterprise.outbox import collected

    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        collected(),
    ):
        for n in range(3):
            _mail(f"順{n}")

    assert [m.subject for m in mailoutbox] == ["順0", "順1", "順2"]
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
