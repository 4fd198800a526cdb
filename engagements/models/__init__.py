from .batches import TaskAppeal, TaskBatch, TaskUnit
from .competition import (
    CompetitionEntry,
    CompetitionSettings,
    EntryFile,
    ParticipationAward,
)
from .engagement import Engagement, ScreeningKeyword
from .hourly import HourlyTerms, TimeEntry, WeeklyTimesheet
from .quote import CatalogueItem, LineBilling, Milestone, Quote, QuoteLine
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
    "LineBilling",
    "Message",
    "Milestone",
    "Offer",
    "Quote",
    "QuoteLine",
    "Review",
    "ScreeningKeyword",
    "Submission",
    "SubmissionFile",
    "Subtask",
    "CompetitionEntry",
    "CompetitionSettings",
    "EntryFile",
    "ParticipationAward",
    "TaskAppeal",
    "TaskBatch",
    "TaskUnit",
    "HourlyTerms",
    "TimeEntry",
    "WeeklyTimesheet",
]
