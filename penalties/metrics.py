"""A quarter's numbers per staff member and per department, for periodic commendations.

Satisfaction rate: very satisfied + satisfied + basically satisfied over rated callbacks.
On-time rate: the timed stages (stage clocks with a deadline) that ended in the period by
their deadline, over all of them; a staff member answers for the stages they were
responsible for, a department for all of its stages. Merged duplicates count once.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from cases.choices import ContactResult, Satisfaction
from cases.models import Callback, Case, StageClock

from .models import COUNTED_STATES, Violation

SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


@dataclass
class Numbers:
    cases: int = 0
    timed: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    substantiated: int = 0

    @staticmethod
    def rate(part, whole):
        return Decimal(100) * part / whole if whole else None

    @property
    def on_time_rate(self):
        """None when no timed stage ended: nothing was late."""
        return self.rate(self.on_time, self.timed)

    @property
    def satisfaction_rate(self):
        return self.rate(self.satisfied, self.rated)


def quarter_numbers(organisation, start, end):
    """({staff id: Numbers}, {department id: Numbers}) for moments in [start, end)."""
    staff, departments = defaultdict(Numbers), defaultdict(Numbers)
    resolved = (
        Case.objects.for_organisation(organisation)
        .counted()
        .filter(resolved_at__gte=start, resolved_at__lt=end)
        .values_list("handler_id", "first_staff_id", "current_department_id")
    )
    for handler_id, first_id, department_id in resolved:
        staff[handler_id or first_id].cases += 1
        departments[department_id].cases += 1
    stages = StageClock.objects.filter(
        case__organisation=organisation,
        case__merged_into__isnull=True,
        met_at__gte=start,
        met_at__lt=end,
        due_at__isnull=False,
    ).values_list("responsible_id", "department_id", "met_at", "due_at")
    for responsible_id, department_id, met_at, due_at in stages:
        owners = [departments[department_id]]
        if responsible_id is not None:
            owners.append(staff[responsible_id])
        for numbers in owners:
            numbers.timed += 1
            numbers.on_time += met_at <= due_at
    rated = (
        Callback.objects.filter(
            case__organisation=organisation,
            case__merged_into__isnull=True,
            at__gte=start,
            at__lt=end,
            contact_result=ContactResult.REACHED,
        )
        .exclude(satisfaction="")
        .values_list(
            "satisfaction",
            "case__handler_id",
            "case__first_staff_id",
            "case__current_department_id",
        )
    )
    for satisfaction, handler_id, first_id, department_id in rated:
        for numbers in (staff[handler_id or first_id], departments[department_id]):
            numbers.rated += 1
            numbers.satisfied += satisfaction in SATISFIED
    substantiated = Violation.objects.filter(
        organisation=organisation,
        state__in=COUNTED_STATES,
        substantiated_at__gte=start,
        substantiated_at__lt=end,
    ).values_list("staff_id", "department_id")
    for staff_id, department_id in substantiated:
        staff[staff_id].substantiated += 1
        departments[department_id].substantiated += 1
    return dict(staff), dict(departments)
