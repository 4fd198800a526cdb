"""The desk's lists stay within 15 queries whatever the number of rows."""

import pytest
from django.urls import reverse

from support.services.tickets import ticket_open


def _tickets(n, contact, category):
    for i in range(n):
        ticket_open(by=contact, category=category, title=f"件名{i}", body="本文")


@pytest.mark.parametrize("rows", [2, 20])
def test_queue_queries_do_not_grow(
    client, support_user, contact_a, general, rows, django_assert_max_num_queries
):
    _tickets(rows, contact_a, general)
    client.force_login(support_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("support:queue"))
    assert response.content.decode().count("件名") == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_my_tickets_queries_do_not_grow(
    client, contact_a, general, rows, django_assert_max_num_queries
):
    _tickets(rows, contact_a, general)
    client.force_login(contact_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("support:my_tickets"))
    assert response.content.decode().count("件名") == rows


def test_ticket_page_queries(
    client, support_user, contact_a, general, django_assert_max_num_queries
):
    from support.services.tickets import ticket_reply

    ticket = ticket_open(by=contact_a, category=general, title="件名", body="本文")
    for i in range(5):
        ticket_reply(ticket=ticket, by=support_user, body=f"返信{i}")
    client.force_login(support_user)
    with django_assert_max_num_queries(15):
        client.get(reverse("support:ticket", args=[ticket.pk]))
