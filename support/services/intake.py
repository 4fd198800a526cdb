"""A client's request for new work from the portal: the order form goes
through the engagements intake (keyword screening included) and a ticket in
sales' queue carries it, with the screening hits for sales to see."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from engagements.services.intake import engagement_request
from enterprise.roles import CLIENT

from ..models import Team, Ticket, TicketCategory
from ._base import require
from .tickets import ticket_open

WORK_REQUEST_CATEGORY = "new-work"


@transaction.atomic
def work_request_open(*, by, order: dict) -> Ticket:
    """Record the request as an engagement (to quoting, or held for
    screening when a keyword or the watchlist hits) and open the ticket that
    puts it in sales' queue. Raises PermissionDenied (not a client contact)
    or the intake's ValidationError (the company may not order now)."""
    contact = getattr(by, "client_contact", None) if by.has_role(CLIENT) else None
    if contact is None:
        raise PermissionDenied
    category = TicketCategory.objects.filter(
        code=WORK_REQUEST_CATEGORY, team=Team.SALES, active=True
    ).first()
    require(category is not None, _("Work requests are not taken online now."))
    engagement = engagement_request(client=contact.client, by=by, **order)
    body = "\n\n".join(
        f"{label}\n{order[field]}"
        for field, label in (
            ("purpose", _("Purpose")),
            ("deliverables", _("Deliverables")),
            ("acceptance_criteria", _("How will you check the result?")),
        )
    )
    return ticket_open(
        by=by,
        category=category,
        kind=Ticket.Kind.WORK_REQUEST,
        title=order["title"],
        body=body,
        engagement=engagement,
        intake={
            "deadline": order["deadline"].isoformat(),
            "budget": order["budget"],
            "work_category": order["category"].code,
            "screening_hits": engagement.screening_hits,
        },
    )
