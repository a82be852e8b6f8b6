"""Spreadsheet export (XLSX/CSV) of violations, the penalty ledger, commendations and the
annual ratings (see firstask.resources for what a cell holds)."""

from firstask.resources import resource_for

from .models import AnnualRating, Commendation, Penalty, Violation

ViolationResource = resource_for(
    Violation,
    (
        "id",
        "occurred_at",
        "staff",
        "department",
        "kind",
        "source",
        "case",
        "state",
        "substantiated_at",
        "auto_substantiated",
        "evidence",
        "decision_reason",
        "rule_set",
    ),
)
PenaltyResource = resource_for(
    Penalty,
    (
        "id",
        "at",
        "entry",
        "year",
        "staff",
        "department",
        "liability",
        "violation",
        "offence_number",
        "sanction_kind",
        "amount_min",
        "amount_max",
        "rating_cap",
        "revokes",
        "reason",
    ),
)
CommendationResource = resource_for(
    Commendation,
    ("id", "at", "year", "staff", "department", "source", "case", "period_start", "reason"),
)
AnnualRatingResource = resource_for(
    AnnualRating,
    (
        "year",
        "department",
        "staff",
        "outcome",
        "removed_from_post",
        "suspended_for_training",
        "bonus_deduction_percent",
        "fines_min",
        "fines_max",
        "bonus_months_min",
        "bonus_months_max",
        "violations",
        "penalties",
        "commendations",
        "reasons",
    ),
)
