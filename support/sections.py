"""What the desk adds to pages of the apps below it (enterprise.sections)."""

from django.urls import reverse
from django.utils.http import urlencode


def statement_objection(request, statement) -> dict:
    """The payout statement's objection notice links a ticket prefilled with
    the statement, for the worker it was issued to."""
    mine = statement.worker_id == request.user.pk
    url = reverse("support:new") + "?" + urlencode({"payout_statement": statement.pk})
    return {"statement": statement, "objection_url": url if mine else None}


def engagement_contact(request, engagement) -> dict:
    """The client portal's engagement page: message the operator about it."""
    url = reverse("support:new") + "?" + urlencode({"engagement": engagement.pk})
    return {"contact_url": url}
