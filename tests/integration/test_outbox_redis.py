"""The outbox publishes to a real Redis broker: the row is marked sent once
the broker holds the message, whose Celery task id is the row's id."""

import json
import os

import pytest
import redis

from enterprise.celery import app
from enterprise.models import OutboxMessage
from enterprise.tasks import ping

from .test_celery_redis import REDIS_HOST, REDIS_PORT, _redis_reachable

DB = int(os.environ.get("MOTOUKE_OUTBOX_REDIS_DB", "10"))
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def live_broker():
    if not _redis_reachable():
        reason = f"no Redis on {REDIS_HOST}:{REDIS_PORT}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"{reason}, and REQUIRE_REDIS is set (CI)")
        pytest.skip(reason)
    store = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=DB)
    store.delete("celery")
    conf = app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager = False
    conf.broker_url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{DB}"
    yield store
    conf.task_always_eager, conf.broker_url = saved
    store.delete("celery")


def test_the_outbox_marks_a_row_sent_once_redis_holds_it(
    live_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ping.delay_on_commit("token-1")

    row = OutboxMessage.objects.get()
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""
    (raw,) = live_broker.lrange("celery", 0, -1)
    headers = json.loads(raw)["headers"]
    assert (headers["id"], headers["task"]) == (str(row.pk), "enterprise.tasks.ping")
