"""The content of the notice and the red and black list, read from the period's snapshot.

A period without a snapshot yet is ranked on the fly (and marked provisional) from its
months' snapshots and a live count of the months without one, so the pages work before
the beat task has run; nothing is saved by reading.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department, Staff

from .. import metrics
from ..metrics.summary import period_numbers
from ..models import (
    COUNTED_STATES,
    Assessment,
    AssessmentPeriod,
    AssessmentSettings,
    Commendation,
    Penalty,
    Violation,
)
from ..periods import MONTH, QUARTER, Period
from ..services.assessments import assessment_rows

TOP = 3


def period_title(period: Period) -> str:
    if period.kind == QUARTER:
        return _("Q%(quarter)s %(year)s") % {
            "year": period.start.year,
            "quarter": (period.start.month + 2) // 3,
        }
    if period.kind == MONTH:
        return _("%(month)s/%(year)s") % {"year": period.start.year, "month": period.start.month}
    return str(period.start.year)


@dataclass
class Ranking:
    period: Period
    run: AssessmentPeriod | None
    departments: list = field(default_factory=list)
    staff: list = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.run is None or self.run.provisional

    @property
    def best_departments(self):
        return [row for row in self.departments if row.rank <= TOP and not row.is_bottom]

    @property
    def worst_departments(self):
        return [row for row in self.departments if row.is_bottom]

    @property
    def best_staff(self):
        return [row for row in self.staff if row.rank <= TOP and not row.is_bottom]

    @property
    def worst_staff(self):
        return [row for row in self.staff if row.is_bottom]


def ranking(
    organisation, period: Period, *, now: dt.datetime | None = None, staff: bool = True
) -> Ranking:
    """The period's ranking of departments (and of staff, unless ``staff`` is False)."""
    run = AssessmentPeriod.objects.filter(organisation=organisation, label=period.label).first()
    if run is not None:
        rows = Assessment.objects.filter(period=run)
        if not staff:
            rows = rows.filter(staff__isnull=True)
        rows = list(
            rows.select_related("department", "staff").order_by(
                "rank", "department__sort_order", "department__name", "staff__name"
            )
        )
    else:
        rows = _provisional(organisation, period, now or timezone.now(), staff)
    return Ranking(
        period=period,
        run=run,
        departments=[row for row in rows if row.staff_id is None],
        staff=[row for row in rows if row.staff_id is not None],
    )


def _provisional(organisation, period, now, with_staff):
    settings = AssessmentSettings.for_organisation(organisation)
    departments = Department.objects.filter(organisation=organisation, is_active=True)
    department_ids = {d.pk: d.pk for d in departments}
    formula = settings.satisfaction_formula
    by_department = period_numbers(
        organisation, period, metrics.DEPARTMENT, formula=formula, now=now
    )
    by_staff = (
        period_numbers(organisation, period, metrics.STAFF, formula=formula, now=now)
        if with_staff
        else {}
    )
    staff = Staff.objects.filter(organisation=organisation).filter(pk__in=by_staff)
    rows = assessment_rows(
        organisation, None, metrics.DEPARTMENT, department_ids, by_department, settings
    ) + assessment_rows(
        organisation,
        None,
        metrics.STAFF,
        {s.pk: s.department_id for s in staff},
        by_staff,
        settings,
    )
    names = {d.pk: d for d in departments} | {d.pk: d for d in _departments_of(staff)}
    people = {s.pk: s for s in staff}
    for row in rows:
        row.department = names[row.department_id]
        row.staff = people.get(row.staff_id)
    return sorted(rows, key=lambda row: (row.rank, row.department.sort_order, str(row.department)))


def _departments_of(staff):
    return Department.objects.filter(pk__in={s.department_id for s in staff})


def period_penalties(organisation, period: Period):
    start, end = period.bounds(timezone.get_default_timezone())
    return list(
        Penalty.objects.live()
        .filter(organisation=organisation, at__gte=start, at__lt=end)
        .select_related("staff", "department", "violation")
        .order_by("at", "pk")
    )


def period_commendations(organisation, period: Period):
    start, end = period.bounds(timezone.get_default_timezone())
    return list(
        Commendation.objects.filter(organisation=organisation, at__gte=start, at__lt=end)
        .select_related("staff", "department")
        .order_by("at", "pk")
    )


def period_violations(organisation, period: Period):
    start, end = period.bounds(timezone.get_default_timezone())
    return list(
        Violation.objects.filter(
            organisation=organisation,
            state__in=COUNTED_STATES,
            substantiated_at__gte=start,
            substantiated_at__lt=end,
        )
        .select_related("staff", "department")
        .order_by("substantiated_at", "pk")
    )
