"""Metrics of the first-inquiry system, for any subject and period (see ``queries``)."""

from ..numbers import LOWER_IS_BETTER, RATE_NAMES, Numbers, SatisfactionFormula, rate
from .queries import (
    DEPARTMENT,
    ORGANISATION,
    STAFF,
    compute,
    department_numbers,
    organisation_numbers,
    staff_numbers,
)

__all__ = [
    "DEPARTMENT",
    "LOWER_IS_BETTER",
    "ORGANISATION",
    "RATE_NAMES",
    "STAFF",
    "Numbers",
    "SatisfactionFormula",
    "compute",
    "department_numbers",
    "organisation_numbers",
    "rate",
    "staff_numbers",
]
