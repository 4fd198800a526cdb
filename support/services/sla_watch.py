"""What the beat does for the desk: remind about breached SLAs, close
resolved tickets whose reopen window has passed."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enterprise.notify import notify

from .. import selectors
from ..models import Ticket
from .tickets import desk_recipients, ticket_close


def tickets_remind_breaches(now=None) -> int:
    """Mail each ticket's assignee (or its queue) once about a ticket past a
    due time; ``sla_reminded_at`` is set by compare-and-set, so two beats
    never mail the same ticket twice. Returns the tickets reminded."""
    now = now or timezone.now()
    due = selectors.breached(Ticket.objects.filter(sla_reminded_at__isnull=True), now)
    reminded = 0
    url = settings.SITE_URL.rstrip("/") + reverse("support:queue") + "?breached=1"
    for ticket in due.select_related("category", "assignee").order_by("id")[:500]:
        with transaction.atomic():
            claimed = Ticket.objects.filter(
                pk=ticket.pk, sla_reminded_at__isnull=True
            ).update(sla_reminded_at=now)
            if claimed != 1:
                continue
            notify(
                desk_recipients(ticket),
                "support/mail/sla_reminder",
                {"tickets": [ticket], "url": url},
            )
            reminded += 1
    return reminded


def tickets_close_resolved(now=None) -> int:
    """Close resolved tickets once the requester can no longer reopen them."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SUPPORT_REOPEN_DAYS)
    closed = 0
    stale = Ticket.objects.filter(state=Ticket.State.RESOLVED, resolved_at__lt=cutoff)
    for ticket in stale.order_by("id")[:500]:
        ticket_close(ticket=ticket, by=None)
        closed += 1
    return closed
