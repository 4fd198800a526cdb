"""open → waiting → open → resolved → closed, reopen within the window, and
the requester's CSAT once closed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from enterprise.fsm import TransitionRefused
from support.services import tickets as svc
from support.services._base import SupportError


@pytest.fixture
def ticket(contact_a, general):
    return svc.ticket_open(by=contact_a, category=general, title="件名", body="本文")


def test_waiting_reopens_when_the_requester_answers(ticket, contact_a, support_user):
    svc.ticket_reply(
        ticket=ticket, by=support_user, body="詳細を教えてください", wait=True
    )
    ticket.refresh_from_db()
    assert ticket.state == "waiting"
    svc.ticket_reply(ticket=ticket, by=contact_a, body="こちらです")
    ticket.refresh_from_db()
    assert ticket.state == "open"


def test_resolve_close_rate(ticket, contact_a, support_user):
    svc.ticket_resolve(ticket=ticket, by=support_user)
    svc.ticket_close(ticket=ticket, by=contact_a)
    svc.ticket_rate(ticket=ticket, by=contact_a, score=4, comment="早かった")
    ticket.refresh_from_db()
    assert (ticket.state, ticket.csat_score) == ("closed", 4)
    with pytest.raises(SupportError):
        svc.ticket_rate(ticket=ticket, by=contact_a, score=5)


def test_reopen_only_within_the_window(ticket, contact_a, support_user, settings):
    svc.ticket_resolve(ticket=ticket, by=support_user)
    svc.ticket_reopen(ticket=ticket, by=contact_a, reason="まだ直っていません")
    ticket.refresh_from_db()
    assert ticket.state == "open"

    svc.ticket_resolve(ticket=ticket, by=support_user)
    ticket.refresh_from_db()
    ticket.resolved_at = timezone.now() - datetime.timedelta(
        days=settings.SUPPORT_REOPEN_DAYS + 1
    )
    ticket.save(update_fields=["resolved_at"])
    with pytest.raises(TransitionRefused):
        svc.ticket_reopen(ticket=ticket, by=contact_a, reason="また")


def test_only_the_desk_resolves_and_another_company_cannot_reopen(
    ticket, contact_a, contact_b, support_user
):
    with pytest.raises(PermissionDenied):
        svc.ticket_resolve(ticket=ticket, by=contact_a)
    svc.ticket_resolve(ticket=ticket, by=support_user)
    with pytest.raises(PermissionDenied):
        svc.ticket_reopen(ticket=ticket, by=contact_b, reason="x")
