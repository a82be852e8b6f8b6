from .assessments import AssessmentAdmin, AssessmentPeriodAdmin, AssessmentSettingsAdmin
from .ledger import AnnualRatingAdmin, AnnualRatingInline, CommendationAdmin, PenaltyAdmin
from .rules import PenaltyRuleAdmin, PenaltyRuleSetAdmin
from .violations import ViolationAdmin

__all__ = [
    "AssessmentAdmin",
    "AssessmentPeriodAdmin",
    "AssessmentSettingsAdmin",
    "AnnualRatingAdmin",
    "AnnualRatingInline",
    "CommendationAdmin",
    "PenaltyAdmin",
    "PenaltyRuleAdmin",
    "PenaltyRuleSetAdmin",
    "ViolationAdmin",
]
