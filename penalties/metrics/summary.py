"""A period's numbers from the monthly snapshots the beat task keeps, plus a live count
of the months that have none yet (normally only the current one).

Counts add up, so a quarter or a year is the sum of its months: the dashboard and the
provisional ranking of an open period read a few hundred snapshot rows instead of
aggregating a year of cases. A month's snapshot keeps its numbers as they were when it
was taken (e.g. how many of its cases were resolved by then).
"""

import datetime as dt
from collections import defaultdict

from ..models import Assessment
from ..numbers import Numbers
from ..periods import MONTH, Period
from . import daily
from .queries import DEPARTMENT, ORGANISATION, STAFF


def snapshot_counts(organisation, months: list[Period], level: str, *, department=None) -> dict:
    """{month label: {subject id: counts}} of the months that have a snapshot."""
    rows = Assessment.objects.filter(
        organisation=organisation,
        period__kind=MONTH,
        period__label__in=[month.label for month in months],
        staff__isnull=level != STAFF,
    )
    if department is not None:
        rows = rows.filter(department=department)
    subject = "staff_id" if level == STAFF else "department_id"
    found = defaultdict(dict)
    for label, key, counts in rows.values_list("period__label", subject, "counts"):
        if level == ORGANISATION:
            key = 0
            counts = _sum(found[label].get(0), counts)
        found[label][key] = counts
    return found


def _sum(left, right):
    if left is None:
        return dict(right)
    return {name: left.get(name, 0) + right.get(name, 0) for name in set(left) | set(right)}


def live_runs(months: list[Period], covered, today: dt.date) -> list[Period]:
    """The months without a snapshot that have begun, as contiguous periods."""
    runs = []
    for month in months:
        if month.label in covered or month.start > today:
            continue
        if runs and runs[-1].end == month.start:
            runs[-1] = Period(runs[-1].label, runs[-1].start, month.end)
        else:
            runs.append(Period(month.label, month.start, month.end))
    return runs


def period_numbers(organisation, period: Period, level: str, *, formula: str, now) -> dict:
    """{subject id: Numbers} of ``period`` at ``now``, from the daily summary tables (the
    days not final yet counted live from the cases)."""
    return daily.period_numbers(organisation, period, level, formula=formula, now=now)


def subject_numbers(organisation, period: Period, *, department=None, formula: str, now) -> Numbers:
    """The organisation's (or one department's) numbers in ``period`` as its assessment
    has them: the period's own snapshot once it has been assessed (the ranking, the notice
    and the dashboard then show the same counts), else its months' snapshots and a live
    count of the months without one."""
    rows = Assessment.objects.filter(
        organisation=organisation, period__label=period.label, staff__isnull=True
    )
    if department is not None:
        rows = rows.filter(department=department)
    assessed = list(rows.order_by().values_list("counts", flat=True))
    if assessed:
        total = Numbers(formula=formula)
        for counts in assessed:
            total.add(Numbers.from_counts(counts, formula))
        return total
    level = DEPARTMENT if department is not None else ORGANISATION
    found = period_numbers(organisation, period, level, formula=formula, now=now)
    return found.get(department.pk if department is not None else 0) or Numbers(formula=formula)
