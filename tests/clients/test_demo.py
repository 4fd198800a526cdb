"""The demo: companies in every state, client-a and client-b on two
different active companies, and safe to run twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from clients import demo
from clients.models import Client, ClientContact
from clients.numbers import is_valid_corporate_number
from clients.selectors import client_for_contact
from enterprise import demo as people

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    people.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())


def test_demo_has_every_state_with_valid_numbers(seeded):
    states = sorted(Client.objects.values_list("state", flat=True))
    assert states == sorted(
        ["active", "active", "active", "lead", "screening", "suspended", "declined"]
    )
    assert all(
        is_valid_corporate_number(n)
        for n in Client.objects.values_list("corporate_number", flat=True)
    )
    assert Client.objects.filter(watchlisted=True, state="active").count() == 1


def test_client_a_and_client_b_are_on_different_active_companies(seeded):
    User = get_user_model()
    a = client_for_contact(User.objects.get(username="client-a"))
    b = client_for_contact(User.objects.get(username="client-b"))
    assert (a.legal_name, b.legal_name) == (
        "株式会社サンプル商事",
        "合同会社テストデザイン",
    )
    assert a.state == b.state == "active"


def test_seeding_twice_changes_nothing(seeded):
    before = (Client.objects.count(), ClientContact.objects.count())
    demo.seed(stdout=StringIO())
    assert (Client.objects.count(), ClientContact.objects.count()) == before == (7, 2)
