"""The desk's demo tickets: client-a's answered inquiry, a worker's open one
and a phone call written by the support login; running twice adds nothing."""

from io import StringIO

import pytest

from clients import demo as clients_demo
from enterprise import demo as people
from support import demo
from support.models import Ticket, TicketMessage

pytestmark = pytest.mark.django_db


def test_demo_tickets_are_made_once():
    people.seed(stdout=StringIO())
    clients_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    assert Ticket.objects.count() == 3
    answered = Ticket.objects.get(title="納品データの形式について")
    assert answered.company is not None and answered.first_response_at is not None
    phoned = Ticket.objects.get(channel="phone")
    assert (phoned.requester.username, phoned.opened_by.username) == (
        "client-b",
        "support",
    )
    messages = TicketMessage.objects.count()
    demo.seed(stdout=StringIO())
    assert (Ticket.objects.count(), TicketMessage.objects.count()) == (3, messages)
