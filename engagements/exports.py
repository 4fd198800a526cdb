"""The columns of the engagement list's and the offer list's exports."""

from enterprise.exports import field, state

from .models import Engagement, Offer, Subtask

ENGAGEMENT_COLUMNS = [
    ("ID", lambda e: e.pk),
    field(Engagement, "title"),
    field(Engagement, "client", lambda e: e.client.legal_name),
    field(Engagement, "category", lambda e: e.category.label),
    state(Engagement),
    field(Engagement, "deadline"),
    field(Engagement, "budget"),
    field(Engagement, "sales_owner", lambda e: e.sales_owner.username),
    field(Engagement, "director", lambda e: e.director and e.director.username),
    field(Engagement, "created_at"),
]

OFFER_COLUMNS = [
    field(Subtask, "title", lambda o: o.subtask.title),
    field(Engagement, "title", lambda o: o.subtask.engagement.title),
    field(Subtask, "reward", lambda o: o.subtask.reward),
    field(Subtask, "due_at", lambda o: o.subtask.due_at),
    field(Offer, "expires_at"),
]
