"""Domain events for the apps above (invoicing, directors) to act on.

engagements may not import them, so it announces; they listen. Sent inside
the transaction that made the change: a receiver's writes commit or roll
back with it.
"""

from django.dispatch import Signal

# sender=Assignment class; assignment=the accepted terms (a worker order is due).
assignment_accepted = Signal()
# sender=Subtask class; subtask=approved subtask (it can be scheduled for pay).
subtask_approved = Signal()
# sender=Engagement class; engagement=the engagement the client accepted.
engagement_completed = Signal()
