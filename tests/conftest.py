import os

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from tests.factories import UserFactory

# The browser suite drives the production stack in Chromium; it runs on its
# own (make browser-test), after the unit suite.
collect_ignore = [] if os.environ.get("MOTOUKE_BROWSER_TESTS") else ["browser"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _japanese_first():
    # Each test starts in the product's default language, whatever a test
    # before it (in the same worker process) switched to.
    with translation.override("ja"):
        yield


@pytest.fixture
def make_user(db):
    """make_user("alice", roles=["sales"]) -> a user in those role groups."""

    def make(username=None, roles=(), **fields):
        user = UserFactory(**({"username": username} if username else {}), **fields)
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user

    return make


# The Celery integration tests say what they ran against in the summary, so a
# CI log shows they ran (and did not skip) without reading every test name.
_integration_lines: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call" and "integration" in report.keywords:
        _integration_lines.append(f"{report.outcome.upper()} {report.nodeid}")


def pytest_terminal_summary(terminalreporter):
    if _integration_lines:
        terminalreporter.section("integration tests")
        for line in _integration_lines:
            terminalreporter.write_line(line)


DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down():
    """Celery as in production (not eager) with its broker unreachable.

    ``broker_down.back()`` brings it back the way tests can: eager, so the
    outbox sweep runs the pending tasks in this process; ``down()`` again."""
    from enterprise.celery import app

    conf = app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager, conf.broker_url = False, DEAD_BROKER

    class Broker:
        @staticmethod
        def back():
            conf.task_always_eager = True

        @staticmethod
        def down():
            conf.task_always_eager = False

    yield Broker
    conf.task_always_eager, conf.broker_url = saved
