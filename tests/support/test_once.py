"""A reply posted twice (double click, back button) is added once."""

from django.urls import reverse

from enterprise.once import new_token
from support.models import TicketMessage
from support.services.tickets import ticket_open


def test_a_reply_sent_twice_is_added_once(client, contact_a, general):
    ticket = ticket_open(by=contact_a, category=general, title="件名", body="本文")
    client.force_login(contact_a)
    data = {"body": "追加の情報です", "once_token": new_token()}
    url = reverse("support:reply", args=[ticket.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.url == second.url == reverse("support:ticket", args=[ticket.pk])
    assert TicketMessage.objects.filter(body="追加の情報です").count() == 1
    assert client.post(url, {"body": "トークンなし"}).status_code == 400
