"""The content of the notice and the red and black list, read from the period's snapshot.

A period without a snapshot yet is ranked on the fly (and marked provisional) from its
months' snapshots and a live count of the months without one, so the pages work before
the beat task has run; nothing is saved by reading.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department, Organisation, Staff

from .. import metrics
from ..metrics.summary import period_numbers
from ..models import (
    COUNTED_STATES,
    Assessment,
    AssessmentPeriod,
    AssessmentSettings,
    Commendation,
    CommendationSource,
    Penalty,
    Violation,
    ViolationKind,
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
    """A period's ranking rows, and who may be praised or must be named.

    Rows below the minimum volume have no rank (不参评): they are listed, never a best or
    bottom place. A staff member with a violation substantiated in the period is on the
    black list with it, whatever the score; one with a violation substantiated in the year
    up to the period's end is on no red list (seed 001: not rated excellent that year).
    """

    period: Period
    run: AssessmentPeriod | None
    organisation: Organisation
    departments: list[Assessment] = field(default_factory=list)
    staff: list[Assessment] = field(default_factory=list)
    closed: bool = True  # the period has ended
    settings: AssessmentSettings | None = None  # the organisation's, when the caller had them

    @cached_property
    def offences(self) -> dict[int | None, list[Violation]]:
        """{staff id: [violations substantiated in the period]}."""
        found: dict[int | None, list[Violation]] = {}
        for violation in period_violations(self.organisation, self.period):
            found.setdefault(violation.staff_id, []).append(violation)
        return found

    @cached_property
    def barred(self) -> set[int | None]:
        """Staff ids with a violation substantiated in the year up to the period's end."""
        return _barred(self.organisation, self.period)

    @cached_property
    def minimum_volume(self) -> int:
        settings = self.settings or AssessmentSettings.for_organisation(self.organisation)
        return settings.minimum_volume

    @property
    def provisional(self) -> bool:
        """The numbers may still change because the period is running (or was assessed
        while it was); a closed period read before the sweep has assessed it is not."""
        if self.run is not None and self.run.provisional:
            return True
        return not self.closed

    @property
    def best_departments(self) -> list[Assessment]:
        return [row for row in self.departments if _praised(row)]

    @property
    def worst_departments(self) -> list[Assessment]:
        return [row for row in self.departments if row.is_bottom]

    @property
    def unranked_departments(self) -> list[Assessment]:
        return [row for row in self.departments if row.rank is None]

    @property
    def best_staff(self) -> list[Assessment]:
        return [row for row in self.staff if _praised(row) and row.staff_id not in self.barred]

    @property
    def worst_staff(self) -> list[Assessment]:
        """The bottom places among those ranked, and every offender of the period."""
        return [row for row in self.staff if row.is_bottom or row.staff_id in self.offences]

    @property
    def unranked_staff(self) -> list[Assessment]:
        return [row for row in self.staff if row.rank is None]

    def offences_of(self, row: Assessment) -> list[Violation]:
        return self.offences.get(row.staff_id, [])


def _praised(row: Assessment) -> bool:
    return row.rank is not None and row.rank <= TOP and not row.is_bottom


def _ordered(rows: Iterable[Assessment]) -> list[Assessment]:
    """Ranked rows by rank, then the rows not ranked, each by department and name."""
    return sorted(
        rows,
        key=lambda row: (
            row.rank is None,
            row.rank or 0,
            row.department.sort_order,
            str(row.department),
            row.staff.name if row.staff is not None else "",
        ),
    )


def ranking(
    organisation: Organisation,
    period: Period,
    *,
    now: dt.datetime | None = None,
    staff: bool = True,
    settings: AssessmentSettings | None = None,
) -> Ranking:
    """The period's ranking of departments (and of staff, unless ``staff`` is False);
    ``settings``: the organisation's assessment settings, when the caller has them."""
    now = now or timezone.now()
    run = AssessmentPeriod.objects.filter(organisation=organisation, label=period.label).first()
    if run is not None:
        found = Assessment.objects.filter(period=run)
        if not staff:
            found = found.filter(staff__isnull=True)
        rows = _ordered(found.select_related("department", "staff"))
    else:
        settings = settings or AssessmentSettings.for_organisation(organisation)
        rows = _provisional(organisation, period, now, staff, settings)
    return Ranking(
        period=period,
        run=run,
        departments=[row for row in rows if row.staff_id is None],
        staff=[row for row in rows if row.staff_id is not None],
        closed=period.bounds(timezone.get_default_timezone())[1] <= now,
        organisation=organisation,
        settings=settings,
    )


def _barred(organisation: Organisation, period: Period) -> set[int | None]:
    """Staff with a violation substantiated from the start of the period's year to its end."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(period.start.replace(month=1, day=1), dt.time.min, tzinfo=tz)
    end = period.bounds(tz)[1]
    return set(
        Violation.objects.filter(
            organisation=organisation,
            state__in=COUNTED_STATES,
            substantiated_at__gte=start,
            substantiated_at__lt=end,
        ).values_list("staff_id", flat=True)
    )


def _provisional(
    organisation: Organisation,
    period: Period,
    now: dt.datetime,
    with_staff: bool,
    settings: AssessmentSettings,
) -> list[Assessment]:
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
        row.staff = people.get(row.staff_id) if row.staff_id is not None else None
    return _ordered(rows)


def _departments_of(staff: Iterable[Staff]) -> QuerySet[Department]:
    return Department.objects.filter(pk__in={s.department_id for s in staff})


def period_penalties(organisation: Organisation, period: Period) -> list[Penalty]:
    start, end = period.bounds(timezone.get_default_timezone())
    return list(
        Penalty.objects.live()
        .filter(organisation=organisation, at__gte=start, at__lt=end)
        .select_related("staff", "department", "violation")
        .order_by("at", "pk")
    )


@dataclass
class SanctionCount:
    """One sanction imposed on one person (or department) in the period, and how often:
    what the notice names (a city's quarter holds thousands of ledger lines, its people
    and sanctions far fewer)."""

    liability: str
    staff_name: str | None
    department_name: str
    sanction_kind: str
    amount_min: Decimal | None
    amount_max: Decimal | None
    rating_cap: str
    times: int


def period_sanction_counts(organisation: Organisation, period: Period) -> list[SanctionCount]:
    """The period's live ledger lines counted by person and sanction, in the order of each
    one's first line (grouped by ids, named after)."""
    start, end = period.bounds(timezone.get_default_timezone())
    fields = (
        "liability",
        "staff",
        "department",
        "sanction_kind",
        "amount_min",
        "amount_max",
        "rating_cap",
    )
    rows = list(
        Penalty.objects.live()
        .filter(organisation=organisation, at__gte=start, at__lt=end)
        .values(*fields)
        .annotate(times=Count("pk"), first=Min("at"), first_pk=Min("pk"))
        .order_by("first", "first_pk")
    )
    staff, departments = _names(rows)
    return [
        SanctionCount(
            liability=row["liability"],
            staff_name=staff.get(row["staff"]),
            department_name=departments[row["department"]],
            sanction_kind=row["sanction_kind"],
            amount_min=row["amount_min"],
            amount_max=row["amount_max"],
            rating_cap=row["rating_cap"],
            times=row["times"],
        )
        for row in rows
    ]


def _names(rows: list[dict]) -> tuple[dict, dict]:
    """({staff id: name}, {department id: name}) of grouped rows' "staff" and "department"."""
    staff = {row["staff"] for row in rows if row["staff"] is not None}
    departments = {row["department"] for row in rows}
    return (
        dict(Staff.objects.filter(pk__in=staff).values_list("pk", "name")) if staff else {},
        dict(Department.objects.filter(pk__in=departments).values_list("pk", "name"))
        if departments
        else {},
    )


def period_commendations(organisation: Organisation, period: Period) -> list[Commendation]:
    """The period's commendations with what the notice and its tables show of them (a
    quarter of a city's holds thousands: only these fields are read and built)."""
    start, end = period.bounds(timezone.get_default_timezone())
    return list(
        Commendation.objects.filter(organisation=organisation, at__gte=start, at__lt=end)
        .select_related("staff", "department")
        .only("at", "source", "reason", "staff__name", "department__name")
        .order_by("at", "pk")
    )


# The notice names each commendation of the quarter up to this many; beyond, it counts
# them and names those commended most (a city's quarter holds thousands: its spreadsheet
# lists them all).
NAMED_COMMENDATIONS = 20
MOST_COMMENDED = 10


@dataclass
class Commended:
    """A staff member (or a department as a whole) and how often commended."""

    staff_name: str | None
    department_name: str
    times: int


@dataclass
class CommendationCounts:
    """The period's commendations as the notice tells them: each of them (``listed``) when
    there are at most ``NAMED_COMMENDATIONS``, else counted by source and by whom, with
    the ``MOST_COMMENDED`` commended most often (``most``)."""

    count: int
    sources: list  # [(source label, count)], in the order of the sources
    people: int  # staff members commended
    departments: int  # departments concerned (their staff or themselves)
    listed: list = field(default_factory=list)
    most: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.count > 0


def period_commendation_counts(organisation: Organisation, period: Period) -> CommendationCounts:
    """The period's commendations for the notice, counted by the database beyond the few
    it names (``CommendationCounts``): one query grouped by source and whom."""
    start, end = period.bounds(timezone.get_default_timezone())
    rows = list(
        Commendation.objects.filter(organisation=organisation, at__gte=start, at__lt=end)
        .values("source", "staff", "department")
        .annotate(times=Count("pk"), first=Min("at"))
        .order_by()
    )
    by_source: dict[str, int] = {}
    by_whom: dict[tuple, list] = {}  # (staff, department): [times, first]
    for row in rows:
        by_source[row["source"]] = by_source.get(row["source"], 0) + row["times"]
        whom = by_whom.setdefault((row["staff"], row["department"]), [0, row["first"]])
        whom[0] += row["times"]
        whom[1] = min(whom[1], row["first"])
    counts = CommendationCounts(
        count=sum(by_source.values()),
        sources=[
            (label, by_source[value])
            for value, label in CommendationSource.choices
            if value in by_source
        ],
        people=len({staff for staff, _department in by_whom if staff is not None}),
        departments=len({department for _staff, department in by_whom}),
    )
    if counts.count <= NAMED_COMMENDATIONS:
        counts.listed = period_commendations(organisation, period)
        return counts
    # The most often first, then the earliest commended, then by staff id.
    most = sorted(by_whom.items(), key=lambda item: (-item[1][0], item[1][1], item[0][0] or 0))
    most = most[:MOST_COMMENDED]
    staff, departments = _names([{"staff": s, "department": d} for (s, d), _v in most])
    counts.most = [
        Commended(staff.get(s), departments[d], times) for (s, d), (times, _first) in most
    ]
    return counts


@dataclass
class ViolationCounts:
    """The period's substantiated violations counted: how many, by kind (in the order of
    their first occurrence) and how many people they concern."""

    count: int
    kinds: list  # [(kind label, count)]
    people: int

    def __bool__(self) -> bool:
        return self.count > 0


def period_violation_counts(organisation: Organisation, period: Period) -> ViolationCounts:
    """``period_violations`` counted by the database (a quarter of ten million cases holds
    thousands of them; the notice names none): one query grouped by kind and person."""
    labels = dict(ViolationKind.choices)
    rows = (
        _substantiated_in(organisation, period)
        .values("kind", "staff")
        .annotate(n=Count("pk"), first=Min("substantiated_at"), first_pk=Min("pk"))
        .order_by()
    )
    kinds: dict[str, list] = {}  # kind: [count, first, first pk]
    people = set()
    for row in rows:
        kind = kinds.setdefault(row["kind"], [0, row["first"], row["first_pk"]])
        kind[0] += row["n"]
        kind[1:] = min(kind[1:], [row["first"], row["first_pk"]])
        people.add(row["staff"])
    ordered = sorted(kinds.items(), key=lambda item: item[1][1:])
    return ViolationCounts(
        count=sum(kind[0] for kind in kinds.values()),
        kinds=[(labels.get(kind, kind), values[0]) for kind, values in ordered],
        people=len(people - {None}),
    )


def period_violations(organisation: Organisation, period: Period) -> list[Violation]:
    return list(
        _substantiated_in(organisation, period)
        .select_related("staff", "department")
        .order_by("substantiated_at", "pk")
    )


def _substantiated_in(organisation: Organisation, period: Period) -> QuerySet[Violation]:
    """The violations substantiated in the period that count (not revoked)."""
    start, end = period.bounds(timezone.get_default_timezone())
    return Violation.objects.filter(
        organisation=organisation,
        state__in=COUNTED_STATES,
        substantiated_at__gte=start,
        substantiated_at__lt=end,
    )
