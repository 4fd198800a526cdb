"""The support desk's models, one module per concern."""

from .disputes import (
    Dispute,
    DisputeClaim,
    DisputeEvidence,
    DisputeOutcome,
    OutcomeKind,
    Party,
)
from .faq import Audience, FaqArticle
from .ratings import DeliveryRating
from .tickets import (
    Team,
    Ticket,
    TicketAttachment,
    TicketCategory,
    TicketChannel,
    TicketKind,
    TicketMessage,
    TicketPriority,
    TicketState,
)

__all__ = [
    "Audience",
    "DeliveryRating",
    "Dispute",
    "DisputeClaim",
    "DisputeEvidence",
    "DisputeOutcome",
    "FaqArticle",
    "OutcomeKind",
    "Party",
    "Team",
    "Ticket",
    "TicketAttachment",
    "TicketCategory",
    "TicketChannel",
    "TicketKind",
    "TicketMessage",
    "TicketPriority",
    "TicketState",
]
