"""The audit rows of an engagement, worded for people (the stored action
names stay stable; these labels are display only)."""

from django.utils.translation import gettext_lazy as _

from .models import Engagement

ACTION_LABELS = {
    "engagements.engagement.created": _("Order recorded"),
    "engagements.engagement.submitted_for_quote": _("Sent to quoting"),
    "engagements.engagement.held_for_screening": _("Held for screening"),
    "engagements.engagement.screening_cleared": _("Screening cleared"),
    "engagements.engagement.screening_refused": _("Screening refused"),
    "engagements.engagement.director_assigned": _("Director assigned"),
    "engagements.engagement.planning_started": _("Planning started"),
    "engagements.engagement.work_started": _("Work started"),
    "engagements.engagement.delivered": _("Delivered"),
    "engagements.engagement.accepted": _("Delivery accepted"),
    "engagements.engagement.auto_accepted": _("Delivery accepted automatically"),
    "engagements.engagement.changes_requested": _("Changes requested"),
    "engagements.engagement.cancelled": _("Cancelled"),
    "engagements.quote.reopened": _("Quote reopened for a new revision"),
    "engagements.quote.sent": _("Quote sent"),
    "engagements.quote.accepted": _("Quote accepted"),
    "engagements.quote.declined": _("Quote declined"),
}
STATE_LABELS = dict(Engagement.State.choices)


def labelled_timeline(entries) -> list:
    """The entries with their action and states replaced by their labels, for
    templates/_timeline.html. Display only: the rows are never saved."""
    labelled = []
    for entry in entries:
        label = str(ACTION_LABELS.get(entry.action, entry.action))
        revision = (entry.data or {}).get("revision")
        if revision:
            label = f"{label} (rev.{revision})"
        entry.action = label
        entry.from_state = str(STATE_LABELS.get(entry.from_state, entry.from_state))
        entry.to_state = str(STATE_LABELS.get(entry.to_state, entry.to_state))
        labelled.append(entry)
    return labelled
