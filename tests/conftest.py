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
