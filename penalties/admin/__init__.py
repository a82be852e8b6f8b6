from departments.admin import StaffAdmin

from .assessments import AssessmentAdmin, AssessmentPeriodAdmin, AssessmentSettingsAdmin
from .ledger import AnnualRatingAdmin, AnnualRatingInline, CommendationAdmin, PenaltyAdmin
from .notices import NoticeAdmin, NoticeSettingsAdmin
from .rules import PenaltyRuleAdmin, PenaltyRuleSetAdmin
from .violations import ViolationAdmin

__all__ = [
    "AnnualRatingAdmin",
    "AnnualRatingInline",
    "AssessmentAdmin",
    "AssessmentPeriodAdmin",
    "AssessmentSettingsAdmin",
    "CommendationAdmin",
    "NoticeAdmin",
    "NoticeSettingsAdmin",
    "PenaltyAdmin",
    "PenaltyRuleAdmin",
    "PenaltyRuleSetAdmin",
    "ViolationAdmin",
]

# The staff page of departments' admin shows each staff member's annual ratings.
StaffAdmin.inlines = (*StaffAdmin.inlines, AnnualRatingInline)
