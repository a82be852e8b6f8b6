from .assessment import Assessment, AssessmentPeriod, AssessmentSettings
from .choices import (
    COUNTED_STATES,
    OVERDUE_KINDS,
    CommendationSource,
    CountingWindow,
    Liability,
    OffenceCount,
    PenaltyEntry,
    RatingCap,
    RatingOutcome,
    SanctionKind,
    SatisfactionFormula,
    Source,
    ViolationAction,
    ViolationKind,
    ViolationState,
)
from .commendation import Commendation, PeriodRun
from .daily import COUNT_NAMES, OPEN_STAGE_NAMES, CountedDay, DailyCount, Level
from .ledger import AppendOnly, Penalty
from .notice import Notice, NoticeSettings
from .rating import AnnualRating
from .rules import EscalationRule, PenaltyRule, PenaltyRuleSet, Sanction, describe
from .selfcheck import SelfCheck
from .timeline import ViolationEvent
from .violation import Violation

__all__ = [
    "COUNTED_STATES",
    "COUNT_NAMES",
    "OPEN_STAGE_NAMES",
    "OVERDUE_KINDS",
    "AnnualRating",
    "AppendOnly",
    "Assessment",
    "AssessmentPeriod",
    "AssessmentSettings",
    "Commendation",
    "CommendationSource",
    "CountedDay",
    "CountingWindow",
    "DailyCount",
    "EscalationRule",
    "Level",
    "Liability",
    "Notice",
    "NoticeSettings",
    "OffenceCount",
    "Penalty",
    "PenaltyEntry",
    "PenaltyRule",
    "PenaltyRuleSet",
    "PeriodRun",
    "RatingCap",
    "RatingOutcome",
    "Sanction",
    "SanctionKind",
    "SatisfactionFormula",
    "SelfCheck",
    "Source",
    "Violation",
    "ViolationAction",
    "ViolationEvent",
    "ViolationKind",
    "ViolationState",
    "describe",
]
