import pytest
from django.contrib.auth.models import Group

from clients import services
from clients.models import CheckResult, Client
from tests.clients.factories import ClientFactory


@pytest.fixture
def sales(make_user):
    return make_user("sales-person", roles=["sales"])


@pytest.fixture
def lead(db):
    return ClientFactory()


def onboard(client, by, state=Client.State.ACTIVE):
    """Move ``client`` to ``state`` through the services."""
    client = services.client_start_screening(client=client, by=by)
    if state == Client.State.SCREENING:
        return client
    for kind in ("antisocial", "credit"):
        services.client_record_check(
            client=client, kind=kind, result=CheckResult.PASSED, by=by
        )
    client = services.client_activate(client=client, by=by)
    if state == Client.State.SUSPENDED:
        client = services.client_suspend(client=client, by=by, reason="未入金")
    return client


@pytest.fixture
def active_client(sales):
    return onboard(ClientFactory(), sales)


@pytest.fixture
def contact_of(sales, make_user):
    """contact_of(client, "username") -> a portal user who is its contact."""

    def make(client, username):
        user = make_user(username, roles=[])
        services.contact_link(
            client=client, user=user, name=username, email=user.email, by=sales
        )
        assert user.groups.filter(pk=Group.objects.get(name="client").pk).exists()
        return user

    return make
