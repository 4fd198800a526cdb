"""The support desk's models, one module per concern."""

from .disputes import (
    Dispute,
    DisputeClaim,
    DisputeEvidence,
    DisputeOutcome,
    OutcomeKind,
    Party,
)
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
    "Dispute",
    "DisputeClaim",
    "DisputeEvidence",
    "DisputeOutcome",
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
