from .engagement import Engagement, ScreeningKeyword
from .quote import CatalogueItem, Quote, QuoteLine
from .subtask import Assignment, Offer, Subtask
from .work import (
    ChecklistItem,
    Delivery,
    Message,
    Review,
    Submission,
    SubmissionFile,
)

__all__ = [
    "Assignment",
    "CatalogueItem",
    "ChecklistItem",
    "Delivery",
    "Engagement",
    "Message",
    "Offer",
    "Quote",
    "QuoteLine",
    "Review",
    "ScreeningKeyword",
    "Submission",
    "SubmissionFile",
    "Subtask",
]
