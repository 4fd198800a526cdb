"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "engagements.competition.awarded": pgettext_lazy(
        "audit action", "Competition awarded"
    ),
    "engagements.competition.entry_submitted": pgettext_lazy(
        "audit action", "Competition entry submitted"
    ),
    "engagements.competition.opened": pgettext_lazy(
        "audit action", "Competition opened"
    ),
    "engagements.competition.possible_copy": pgettext_lazy(
        "audit action", "Possible copy flagged"
    ),
    "engagements.competition.shortlist_sent": pgettext_lazy(
        "audit action", "Shortlist sent to the client"
    ),
    "engagements.competition.shortlisted": pgettext_lazy(
        "audit action", "Entry shortlisted"
    ),
    "engagements.competition.unshortlisted": pgettext_lazy(
        "audit action", "Entry taken off the shortlist"
    ),
    "engagements.competitionentry.not_selected": pgettext_lazy(
        "audit action", "Entry not selected"
    ),
    "engagements.engagement.accepted": pgettext_lazy(
        "audit action", "Delivery accepted"
    ),
    "engagements.engagement.auto_accepted": pgettext_lazy(
        "audit action", "Delivery accepted automatically"
    ),
    "engagements.engagement.cancelled": pgettext_lazy(
        "audit action", "Engagement cancelled"
    ),
    "engagements.engagement.changes_requested": pgettext_lazy(
        "audit action", "Changes requested"
    ),
    "engagements.engagement.created": pgettext_lazy(
        "audit action", "Engagement created"
    ),
    "engagements.engagement.delivered": pgettext_lazy(
        "audit action", "Delivered to the client"
    ),
    "engagements.engagement.director_assigned": pgettext_lazy(
        "audit action", "Director assigned"
    ),
    "engagements.engagement.held_for_screening": pgettext_lazy(
        "audit action", "Held for screening"
    ),
    "engagements.engagement.invoiced": pgettext_lazy("audit action", "Invoiced"),
    "engagements.engagement.planning_started": pgettext_lazy(
        "audit action", "Planning started"
    ),
    "engagements.engagement.screening_cleared": pgettext_lazy(
        "audit action", "Screening cleared"
    ),
    "engagements.engagement.screening_refused": pgettext_lazy(
        "audit action", "Screening refused"
    ),
    "engagements.engagement.submitted_for_quote": pgettext_lazy(
        "audit action", "Submitted for a quote"
    ),
    "engagements.engagement.work_started": pgettext_lazy(
        "audit action", "Work started"
    ),
    "engagements.offer.withdrawn": pgettext_lazy("audit action", "Offer withdrawn"),
    "engagements.quote.accepted": pgettext_lazy("audit action", "Quote accepted"),
    "engagements.quote.declined": pgettext_lazy("audit action", "Quote declined"),
    "engagements.quote.reopened": pgettext_lazy("audit action", "Quote reopened"),
    "engagements.quote.saved": pgettext_lazy("audit action", "Quote saved"),
    "engagements.quote.sent": pgettext_lazy("audit action", "Quote sent"),
    "engagements.quote.superseded": pgettext_lazy(
        "audit action", "Quote replaced by a new version"
    ),
    "engagements.subtask.accepted": pgettext_lazy(
        "audit action", "Offer accepted by the worker"
    ),
    "engagements.subtask.approved": pgettext_lazy("audit action", "Work approved"),
    "engagements.subtask.batch_completed": pgettext_lazy(
        "audit action", "Batch completed"
    ),
    "engagements.subtask.cancelled": pgettext_lazy("audit action", "Subtask cancelled"),
    "engagements.subtask.changed": pgettext_lazy("audit action", "Subtask changed"),
    "engagements.subtask.created": pgettext_lazy("audit action", "Subtask created"),
    "engagements.subtask.escalated": pgettext_lazy("audit action", "Escalated"),
    "engagements.subtask.hourly_terms_set": pgettext_lazy(
        "audit action", "Hourly terms set"
    ),
    "engagements.subtask.offer_declined": pgettext_lazy(
        "audit action", "Offer declined by the worker"
    ),
    "engagements.subtask.offer_expired": pgettext_lazy("audit action", "Offer expired"),
    "engagements.subtask.offer_withdrawn": pgettext_lazy(
        "audit action", "Offer withdrawn"
    ),
    "engagements.subtask.offered": pgettext_lazy("audit action", "Offered to a worker"),
    "engagements.subtask.overdue": pgettext_lazy("audit action", "Past its deadline"),
    "engagements.subtask.paid": pgettext_lazy("audit action", "Paid"),
    "engagements.subtask.paid_round_added": pgettext_lazy(
        "audit action", "Paid revision round added"
    ),
    "engagements.subtask.reassigned": pgettext_lazy("audit action", "Reassigned"),
    "engagements.subtask.rejected": pgettext_lazy("audit action", "Work rejected"),
    "engagements.subtask.revision_requested": pgettext_lazy(
        "audit action", "Revision requested"
    ),
    "engagements.subtask.silent": pgettext_lazy(
        "audit action", "No word from the worker"
    ),
    "engagements.subtask.submitted": pgettext_lazy("audit action", "Work submitted"),
    "engagements.taskappeal.filed": pgettext_lazy("audit action", "Appeal filed"),
    "engagements.taskappeal.pending": pgettext_lazy(
        "audit action", "Appeal waiting for a decision"
    ),
    "engagements.taskappeal.upheld": pgettext_lazy("audit action", "Appeal upheld"),
    "engagements.taskappeal.dismissed": pgettext_lazy(
        "audit action", "Appeal dismissed"
    ),
    "engagements.taskbatch.closed": pgettext_lazy("audit action", "Batch closed"),
    "engagements.taskbatch.created": pgettext_lazy("audit action", "Batch created"),
    "engagements.taskbatch.imported": pgettext_lazy("audit action", "Rows imported"),
    "engagements.taskbatch.opened": pgettext_lazy("audit action", "Batch opened"),
    "engagements.taskbatch.paused": pgettext_lazy("audit action", "Batch paused"),
    "engagements.taskbatch.rejection_cap_escalated": pgettext_lazy(
        "audit action", "Rejection cap reached: escalated"
    ),
    "engagements.taskbatch.row_resolved": pgettext_lazy("audit action", "Row resolved"),
    "engagements.taskbatch.units_approved": pgettext_lazy(
        "audit action", "Task units approved"
    ),
    "engagements.taskbatch.units_rejected": pgettext_lazy(
        "audit action", "Task units rejected"
    ),
    "engagements.taskunit.auto_approved": pgettext_lazy(
        "audit action", "Task unit approved automatically"
    ),
    "engagements.taskunit.claim_expired": pgettext_lazy(
        "audit action", "Task claim expired"
    ),
    "engagements.timesheet.approved": pgettext_lazy(
        "audit action", "Timesheet approved"
    ),
    "engagements.timesheet.auto_approved": pgettext_lazy(
        "audit action", "Timesheet approved automatically"
    ),
    "engagements.timesheet.questioned": pgettext_lazy(
        "audit action", "Timesheet questioned"
    ),
    "engagements.milestone.accepted": pgettext_lazy(
        "audit action", "Milestone accepted"
    ),
}
