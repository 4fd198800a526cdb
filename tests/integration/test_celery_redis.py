"""A real task through Redis, run by a real `celery worker` process."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
BROKER = f"redis://{REDIS_HOST}:{REDIS_PORT}/14"
BACKEND = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"

pytestmark = pytest.mark.integration


def _redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def celery_worker_process(tmp_path):
    if not _redis_reachable():
        reason = f"no Redis on {REDIS_HOST}:{REDIS_PORT}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"{reason}, and REQUIRE_REDIS is set (CI)")
        pytest.skip(reason)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BACKEND,
        "MOTOUKE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "enterprise.settings",
    }
    env.pop("DATABASE_URL", None)  # the ping task needs no database
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "enterprise",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--hostname",
            f"{queue}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_task_runs_in_a_real_worker_through_redis(celery_worker_process):
    client = Celery(broker=BROKER, backend=BACKEND)
    token = uuid.uuid4().hex
    result = client.send_task(
        "enterprise.tasks.ping", args=[token], queue=celery_worker_process
    )
    # This process is not a worker; an earlier eager task in the same test
    # process may have left Celery's "inside a task" marker set.
    answer = result.get(timeout=60, disable_sync_subtasks=False)
    # The worker loaded Django (it knows the project's time zone) and answered.
    assert answer["token"] == token
    assert answer["time_zone"] == "Asia/Tokyo"
