"""The demo, seeded once for a module that walks it (rolled back after)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # One demo for the module, rolled back at its end; each test's own
    # changes roll back to it (the db fixture nests inside).
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
