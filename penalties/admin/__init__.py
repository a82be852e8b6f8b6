from .ledger import AnnualRatingAdmin, AnnualRatingInline, CommendationAdmin, PenaltyAdmin
from .rules import PenaltyRuleAdmin, PenaltyRuleSetAdmin
from .violations import ViolationAdmin

__all__ = [
    "AnnualRatingAdmin",
    "AnnualRatingInline",
    "CommendationAdmin",
    "PenaltyAdmin",
    "PenaltyRuleAdmin",
    "PenaltyRuleSetAdmin",
    "ViolationAdmin",
]
