"""Director personas and an engagement at each step a director works on.

The engagement fixtures (``world``, ``engagement``, ``quoted``) are the
engagements tests' own, re-exported here.
"""

import pytest
from django.core.management import call_command

from directors import services
from engagements.services import decomposition, quotes
from tests.engagements import conftest as engagements_conftest

from . import factories as d

# The engagements tests' fixtures, made available to these tests.
world = engagements_conftest.world
engagement = engagements_conftest.engagement
quoted = engagements_conftest.quoted


@pytest.fixture(autouse=True)
def reference_data(db):
    """Categories and skills (the senior level comes with the migrations)."""
    call_command("loaddata", "categories", "skills", verbosity=0)


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def roster(world):
    """world.director and world.other_director on the roster as staff."""
    return [d.on_roster(world.director), d.on_roster(world.other_director)]


@pytest.fixture
def contracted(world, quoted, roster):
    """The quote accepted and world.director put in charge by sales."""
    quotes.quote_accept(quote=quoted, by=world.contact, ip="203.0.113.5")
    contracted = quoted.engagement
    services.supervision_assign(
        engagement=contracted, director=world.director, by=world.sales
    )
    contracted.refresh_from_db()
    return contracted


@pytest.fixture
def planning(world, contracted):
    decomposition.engagement_start_planning(engagement=contracted, by=world.director)
    contracted.refresh_from_db()
    return contracted


@pytest.fixture
def submitted(world, planning):
    """A subtask of ¥60,000 held by alice, with version 1 submitted."""
    d.skilled(world.alice)
    subtask = d.add_subtask(planning, world.director)
    d.assign(subtask, world.alice, world.director)
    return d.submit(subtask, world.alice)
