"""The engagements suite's world (a client, contacts, a director, workers)
up to a delivered engagement, for the ratings and calibration tests:
``from .voice_world import *`` brings its fixtures in."""

import pytest

from engagements.models import Delivery
from tests.engagements.conftest import engagement, quoted, world
from tests.engagements.test_client_portal import delivered, in_progress

__all__ = ["delivered", "delivery", "engagement", "in_progress", "quoted", "world"]


@pytest.fixture
def delivery(delivered):
    return Delivery.objects.get(engagement=delivered)
