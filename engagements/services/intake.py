import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from clients.services import ensure_client_can_order
from enterprise.audit import log_action
from enterprise.fsm import apply_transition

from .. import rules
from ..models import Engagement, ScreeningKeyword
from ._base import lock, require_reason

ORDER_FORM_FIELDS = (
    "title",
    "purpose",
    "deliverables",
    "acceptance_criteria",
    "reference_material",
    "constraints",
)


@transaction.atomic
def engagement_create(
    *,
    client,
    by,
    title: str,
    category,
    purpose: str,
    deliverables: str,
    acceptance_criteria: str,
    deadline: datetime.date,
    budget: int,
    reference_material: str = "",
    constraints: str = "",
    revision_limit: int = 3,
    sales_owner=None,
) -> Engagement:
    """Record a client's order as a draft engagement with its order form.

    ``sales_owner`` defaults to ``by`` (sales taking the order).
    Raises ClientCannotOrder when the client is not active (e.g. suspended).
    """
    ensure_client_can_order(client)
    engagement = Engagement.objects.create(
        client=client,
        title=title,
        category=category,
        purpose=purpose,
        deliverables=deliverables,
        acceptance_criteria=acceptance_criteria,
        deadline=deadline,
        budget=budget,
        reference_material=reference_material,
        constraints=constraints,
        revision_limit=revision_limit,
        sales_owner=sales_owner or by,
    )
    log_action(
        target=engagement,
        action="engagements.engagement.created",
        by=by,
        to_state=engagement.state,
    )
    return engagement


def screening_hits(engagement: Engagement) -> list[dict]:
    """Why an engagement needs a compliance look: keyword hits and the watchlist."""
    text = "\n".join(getattr(engagement, f) for f in ORDER_FORM_FIELDS).casefold()
    hits = [
        {"kind": "keyword", "phrase": k.phrase, "reason": k.reason}
        for k in ScreeningKeyword.objects.filter(active=True)
        if k.phrase.casefold() in text
    ]
    if engagement.client.watchlisted:
        hits.append(
            {
                "kind": "watchlist",
                "phrase": "",
                "reason": engagement.client.watchlist_reason,
            }
        )
    return hits


@transaction.atomic
def engagement_request(*, client, by, **order) -> Engagement:
    """A client's contact asks for new work (the API's intake): the order
    form is recorded for the company's sales owner and goes through the same
    intake screening as sales' submission, to quoting or to screening.

    Raises PermissionDenied (not a contact of ``client``) or ClientCannotOrder.
    """
    probe = Engagement(client=client)
    if not rules.is_client_contact(probe, by):
        raise PermissionDenied
    engagement = engagement_create(
        client=client, by=by, sales_owner=client.sales_owner or by, **order
    )
    return engagement_submit_for_quote(
        engagement=engagement, by=by, check_permission=False
    )


@transaction.atomic
def engagement_submit_for_quote(
    *, engagement: Engagement, by, check_permission: bool = True
) -> Engagement:
    """Send a draft to quoting, or to screening when the intake check hits.

    ``check_permission`` is off only for engagement_request, whose caller's
    right (a contact of the company) was checked there.
    """
    engagement = lock(Engagement, engagement.pk)
    ensure_client_can_order(engagement.client)
    hits = screening_hits(engagement)
    if hits:
        apply_transition(
            engagement,
            "hold_for_screening",
            by=by,
            action="engagements.engagement.held_for_screening",
            data={"hits": hits},
            update_fields=("screening_hits",),
            check_permission=check_permission,
            hits=hits,
        )
    else:
        apply_transition(
            engagement,
            "submit_for_quote",
            by=by,
            action="engagements.engagement.submitted_for_quote",
            check_permission=check_permission,
        )
    return engagement


@transaction.atomic
def engagement_clear_screening(*, engagement: Engagement, by, note: str) -> Engagement:
    """Compliance clears a held engagement; it goes on to quoting."""
    engagement = lock(Engagement, engagement.pk)
    apply_transition(
        engagement,
        "clear_screening",
        by=by,
        action="engagements.engagement.screening_cleared",
        reason=require_reason(note),
    )
    return engagement


@transaction.atomic
def engagement_refuse_screening(*, engagement: Engagement, by, note: str) -> Engagement:
    """Compliance refuses a held engagement; it is cancelled with the note."""
    engagement = lock(Engagement, engagement.pk)
    note = require_reason(note)
    apply_transition(
        engagement,
        "refuse_screening",
        by=by,
        action="engagements.engagement.screening_refused",
        reason=note,
        update_fields=("cancel_reason",),
        note=note,
    )
    return engagement
