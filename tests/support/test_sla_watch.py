"""The beat reminds the desk once about a ticket past its due time, and the
queue flags it."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from support.models import Ticket
from support.services.sla_watch import tickets_close_resolved, tickets_remind_breaches
from support.services.tickets import ticket_open, ticket_resolve


def test_a_breach_is_flagged_and_reminded_once(
    client, contact_a, support_user, general, django_capture_on_commit_callbacks
):
    ticket = ticket_open(by=contact_a, category=general, title="遅延", body="本文")
    Ticket.objects.filter(pk=ticket.pk).update(
        first_response_due=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tickets_remind_breaches() == 1
        assert tickets_remind_breaches() == 0
    assert [m.to for m in mail.outbox] == [[support_user.email]]
    assert "対応期限を過ぎた" in mail.outbox[0].subject

    client.force_login(support_user)
    page = client.get(reverse("support:queue")).content.decode()
    assert 'class="flagged"' in page


def test_resolved_tickets_close_after_the_reopen_window(
    contact_a, support_user, general, settings
):
    ticket = ticket_open(by=contact_a, category=general, title="件名", body="本文")
    ticket_resolve(ticket=ticket, by=support_user)
    assert tickets_close_resolved() == 0
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now()
        - datetime.timedelta(days=settings.SUPPORT_REOPEN_DAYS + 1)
    )
    assert tickets_close_resolved() == 1
    ticket.refresh_from_db()
    assert ticket.state == "closed"
