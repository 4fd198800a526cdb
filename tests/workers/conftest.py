import pytest
from django.core.management import call_command

from enterprise.models import Skill, WorkCategory

from .factories import WorkerProfileFactory


@pytest.fixture(autouse=True)
def reference_data(db):
    """The eight work categories and the skills (fixtures the demo loads too)."""
    call_command("loaddata", "categories", "skills", verbosity=0)


@pytest.fixture
def writing():
    return WorkCategory.objects.get(code="writing")


@pytest.fixture
def article():
    return Skill.objects.select_related("category").get(code="article")


@pytest.fixture
def profile(db):
    return WorkerProfileFactory()
