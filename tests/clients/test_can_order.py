"""Only an active client may receive a new engagement; the refusal says why."""

import pytest
from django.core.exceptions import ValidationError

from clients import services
from clients.models import Client
from clients.services import ClientCannotOrder, ensure_client_can_order
from tests.clients.conftest import onboard
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_active_client_can_order(active_client):
    ensure_client_can_order(active_client)  # no exception
    assert active_client.can_order


def test_suspended_client_is_refused_a_new_engagement(sales):
    client = onboard(
        ClientFactory(legal_name="株式会社停止中"), sales, Client.State.SUSPENDED
    )
    with pytest.raises(ClientCannotOrder) as exc:
        ensure_client_can_order(client)
    assert exc.value.messages == [
        "株式会社停止中は取引停止中のため、新規案件を受け付けできません。"
    ]
    assert exc.value.code == "client_suspended"
    # Callers that catch ValidationError (forms, views) catch it too.
    assert isinstance(exc.value, ValidationError)


@pytest.mark.parametrize("state", [Client.State.LEAD, Client.State.SCREENING])
def test_client_still_in_onboarding_is_refused(sales, state):
    client = ClientFactory(legal_name="株式会社審査中")
    if state == Client.State.SCREENING:
        client = onboard(client, sales, state)
    with pytest.raises(ClientCannotOrder) as exc:
        ensure_client_can_order(client)
    assert exc.value.messages == [
        "株式会社審査中は審査が完了していないため、新規案件を受け付けできません。"
    ]


def test_reactivated_client_can_order_again(sales):
    client = onboard(ClientFactory(), sales, Client.State.SUSPENDED)
    client = services.client_reactivate(client=client, by=sales, reason="入金確認")
    ensure_client_can_order(client)
