import pytest

from support.models import TicketCategory
from tests.invoicing.billing import factories as bf


@pytest.fixture
def support_user(db):
    return bf.user_with_roles("support-1", "support")


@pytest.fixture
def company_a(db):
    return bf.client("株式会社エー")


@pytest.fixture
def company_b(db):
    return bf.client("株式会社ビー")


@pytest.fixture
def contact_a(company_a):
    return bf.contact_for(company_a, "contact-a")


@pytest.fixture
def colleague_a(company_a):
    return bf.contact_for(company_a, "contact-a2")


@pytest.fixture
def contact_b(company_b):
    return bf.contact_for(company_b, "contact-b")


@pytest.fixture
def general(db):
    """The default category (data migration): 8 h first response, 40 h to resolve."""
    return TicketCategory.objects.get(code="general")
