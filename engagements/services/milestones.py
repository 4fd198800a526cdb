"""Milestone billing (着手金・中間金・残金): a quote line billed at a milestone
is accepted by the client (or recorded by sales on its word); the month
close bills it once, at the first close after the acceptance (invoicing
billing_shapes)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.fsm import apply_transition

from ..models import Milestone, Quote, QuoteLine
from ._base import require


@transaction.atomic
def milestone_accept(*, line: QuoteLine, by) -> Milestone:
    """Accept the milestone ``line`` of an accepted quote.

    Preconditions: the line is billed at a milestone and its quote is the
    accepted one. Side effects: the milestone row (made on first use) moves
    to ``accepted`` with an audit row. Raises EngagementError for a line
    that is not an accepted milestone, PermissionDenied for someone who is
    neither the client's contact nor sales, TransitionRefused when it is
    already accepted.
    """
    line = QuoteLine.objects.select_related("quote").get(pk=line.pk)
    require(
        line.billing == QuoteLine.Billing.MILESTONE,
        _("This line is not billed at a milestone."),
    )
    require(
        line.quote.state == Quote.State.ACCEPTED,
        _("Only a milestone of an accepted quote can be accepted."),
    )
    Milestone.objects.get_or_create(quote_line=line)
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("quote_line__quote__engagement")
        .get(quote_line=line)
    )
    apply_transition(
        milestone,
        "accept",
        by=by,
        action="engagements.milestone.accepted",
        data={"line": line.description, "amount": line.amount},
        update_fields=("accepted_at", "accepted_by"),
        at=timezone.now(),
        by_user=by,
    )
    return milestone
