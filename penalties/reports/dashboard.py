"""The managers' dashboard: cases by state, overdue by department, on-time and
satisfaction by month, violations by kind, the ranking; for a period and a department.

Each chart is one grouped aggregate query; closed months are read from the monthly
snapshots the beat task keeps (penalties.metrics.summary), so the page costs the same number
of queries on a thousand cases as on a million and aggregates at most the open month.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.choices import OPEN_STATES, ContactResult, Stage, State
from cases.models import Callback, Case, StageClock
from cases.views.access import staff_required
from departments.models import Department

from ..metrics import DEPARTMENT, ORGANISATION, summary
from ..metrics.numbers import LEVELS, Numbers
from ..models import (
    COUNTED_STATES,
    AssessmentSettings,
    SatisfactionFormula,
    Violation,
    ViolationKind,
)
from ..periods import MONTH, QUARTER, YEAR, Period, current_period, month_of, parse_period
from . import charts, headline, selectors
from .views import reader_organisation

TREND_MONTHS = 12


def period_choices(now, tz) -> list[Period]:
    choices, month, quarter = [], current_period(MONTH, now, tz), current_period(QUARTER, now, tz)
    for _i in range(12):
        choices.append(month)
        month = month.previous()
    for _i in range(8):
        choices.append(quarter)
        quarter = quarter.previous()
    year = current_period(YEAR, now, tz)
    return [*choices, year, year.previous(), year.previous().previous()]


def cases_by_state(organisation, start, end, department, numbers):
    """The open ones counted (few, by the state index); the called-back ones are the rest
    of the period's registered cases, from the period's ``numbers`` (snapshots: counting a
    year's closed cases one by one is what made this chart slow)."""
    open_cases = Case.objects.filter(
        organisation=organisation,
        merged_into__isnull=True,
        state__in=OPEN_STATES,
        registered_at__gte=start,
        registered_at__lt=end,
    )
    if department:
        open_cases = open_cases.filter(current_department=department)
    counts = dict(open_cases.values_list("state").annotate(n=Count("pk")).order_by())
    counts[State.CALLED_BACK] = max(0, numbers.to_resolve - sum(counts.values()))
    rows = [[label, counts.get(value, 0)] for value, label in State.choices]
    return charts.bar_chart(
        "states",
        _("Cases by state"),
        [_("State"), _("Cases")],
        rows,
        note=_("Cases registered in the period, by their state now."),
    )


def overdue_work(organisation, now, department):
    """(chart, overdue, late callbacks): the open stages of unresolved cases past their
    deadline now, by the department that owes them, and apart from them the resolved cases
    whose callback is overdue. The stage clock says what overdue is; merged duplicates wait
    with their main case and count once."""
    stages = StageClock.objects.overdue(now).filter(
        department__organisation=organisation, case__merged_into__isnull=True
    )
    if department:
        stages = stages.filter(department=department)
    counts = (
        stages.of_unresolved_cases()
        .values("department")
        .annotate(n=Count("pk"))
        .order_by("-n", "department")
    )
    names = dict(Department.objects.filter(organisation=organisation).values_list("pk", "name"))
    rows = [[names.get(row["department"], "?"), row["n"]] for row in counts]
    late_callbacks = stages.filter(stage=Stage.CALLBACK).count()
    note = _("Open stages of unresolved cases past their deadline now.")
    if late_callbacks:
        note += " " + _("Not counted: %(count)s resolved cases whose callback is overdue.") % {
            "count": late_callbacks
        }
    chart = charts.bar_chart(
        "overdue",
        _("Overdue unresolved cases by department"),
        [_("Department"), _("Overdue cases")],
        rows,
        bad=True,
        note=note,
    )
    return chart, sum(row[1] for row in rows), late_callbacks


def monthly_trends(organisation, months, department, now, formula):
    """Closed months from their snapshots; the others counted live, in one query each."""
    tz = timezone.get_default_timezone()
    snapshots = summary.snapshot_counts(
        organisation, months, DEPARTMENT if department else ORGANISATION, department=department
    )
    by_month = {
        label: Numbers.from_counts(next(iter(counts.values())), formula)
        for label, counts in snapshots.items()
    }
    today = timezone.localtime(now, tz).date()
    runs = summary.live_runs(months, snapshots, today)
    if runs:
        by_month |= _live_months(
            organisation, runs[0].start, runs[-1].end, department, now, formula
        )
    rows = []
    for month in months:
        numbers = by_month.get(month.label) or Numbers(formula=formula)
        rows.append(
            [
                selectors.period_title(month),
                numbers.on_time_resolution_rate,
                numbers.satisfaction_rate,
            ]
        )
    # Each month's number, and the year under the first month and every January (whose
    # column in the table is headed by the full title).
    starts_year = [i == 0 or month.start.month == 1 for i, month in enumerate(months)]
    ticks = [
        (
            pgettext("month under a chart", "%(month)s") % {"month": month.start.month},
            pgettext("year under a chart", "%(year)s") % {"year": month.start.year}
            if first
            else "",
        )
        for month, first in zip(months, starts_year, strict=True)
    ]
    labels = [
        row[0] if first else tick
        for row, (tick, _year), first in zip(rows, ticks, starts_year, strict=True)
    ]
    return charts.month_chart(
        "trends",
        _("On-time resolution and satisfaction rates by month"),
        [_("Month"), _("On-time resolution rate (%)"), _("Satisfaction rate (%)")],
        rows,
        ticks=ticks,
        labels=labels,
        note=_(
            "The twelve months up to the end of the period; a month with nothing to measure "
            "is a gap."
        ),
    )


def _live_months(organisation, first_day, end_day, department, now, formula):
    """{month label: Numbers} with the resolution stages and the ratings, counted in the
    database as ``metrics.compute`` counts them."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(end_day, dt.time.min, tzinfo=tz)
    stages = StageClock.objects.filter(
        Q(met_at__gte=start, met_at__lt=end)
        | Q(met_at__isnull=True, due_at__gte=start, due_at__lt=min(end, now)),
        case__organisation=organisation,
        case__merged_into__isnull=True,
        due_at__isnull=False,
        stage=Stage.RESOLVE,
    )
    callbacks = Callback.objects.filter(
        case__organisation=organisation,
        case__merged_into__isnull=True,
        contact_result=ContactResult.REACHED,
        satisfaction__in=LEVELS,
        at__gte=start,
        at__lt=end,
    )
    if department:
        stages = stages.filter(department=department)
        callbacks = callbacks.filter(case__current_department=department)
    found = defaultdict(lambda: Numbers(formula=formula))
    for row in (
        stages.annotate(month=TruncMonth(_stage_end(), tzinfo=tz))
        .values("month")
        .annotate(
            due=Count("pk"),
            kept=Count("pk", filter=Q(met_at__isnull=False, met_at__lte=F("due_at"))),
        )
        .order_by()
    ):
        numbers = found[month_of(row["month"].date()).label]
        numbers.resolve_due, numbers.resolve_on_time = row["due"], row["kept"]
    for row in (
        callbacks.annotate(month=TruncMonth("at", tzinfo=tz))
        .values("month")
        .annotate(**{level: Count("pk", filter=Q(satisfaction=level)) for level in LEVELS})
        .order_by()
    ):
        numbers = found[month_of(row.pop("month").date()).label]
        for level, count in row.items():
            setattr(numbers, level, count)
    return dict(found)


def _stage_end():
    # The month a stage counts in: when it ended, or when an open one went overdue.
    return Coalesce("met_at", "due_at")


def violations_by_kind(organisation, start, end, department):
    violations = Violation.objects.filter(
        organisation=organisation,
        state__in=COUNTED_STATES,
        substantiated_at__gte=start,
        substantiated_at__lt=end,
    )
    if department:
        violations = violations.filter(department=department)
    counts = dict(violations.values_list("kind").annotate(n=Count("pk")).order_by())
    rows = [[label, counts[value]] for value, label in ViolationKind.choices if value in counts]
    return charts.bar_chart(
        "violations",
        _("Substantiated violations by kind"),
        [_("Kind"), _("Violations")],
        rows,
        bad=True,
    )


def ranking_chart(organisation, period, department, now):
    ranking = selectors.ranking(organisation, period, now=now, staff=False)
    rows = [
        [str(row.department), row.score, row.rank, _("yes") if row.is_bottom else ""]
        for row in ranking.departments
    ]
    chart = charts.bar_chart(
        "ranking",
        _("Ranking of departments"),
        [_("Department"), _("Score"), _("Rank"), _("Bottom place")],
        rows,
        marked=lambda row: bool(row[3]),
        note=_("Provisional: this period has not been assessed yet.")
        if ranking.run is None
        else _("Provisional: the period is still running (as of %(at)s).")
        % {"at": timezone.localtime(ranking.run.computed_at).strftime("%Y-%m-%d %H:%M")}
        if ranking.run.provisional
        else "",
    )
    return chart, ranking


def merged_duplicates(organisation, start, end, department) -> int:
    """Cases registered in the period and merged into another (并单): counted once, as
    their main case, in every number; the page says how many were folded in."""
    merged = Case.objects.merged().filter(
        organisation=organisation, registered_at__gte=start, registered_at__lt=end
    )
    if department:
        merged = merged.filter(first_department=department)
    return merged.count()


@staff_required
def dashboard(request):
    organisation = reader_organisation(request)
    tz = timezone.get_default_timezone()
    now = timezone.now()
    choices = period_choices(now, tz)
    period = parse_period(request.GET.get("period", "")) or choices[0]
    departments = list(Department.objects.for_user(request.user).filter(organisation=organisation))
    department = next(
        (d for d in departments if str(d.pk) == request.GET.get("department", "")), None
    )
    start, end = period.bounds(tz)
    last = month_of(period.last_day)
    months = [last]
    while len(months) < TREND_MONTHS:
        months.insert(0, months[0].previous())
    formula = AssessmentSettings.for_organisation(organisation).satisfaction_formula
    numbers, previous = (
        summary.subject_numbers(organisation, p, department=department, formula=formula, now=now)
        for p in (period, period.previous())
    )
    overdue, overdue_count, late_callbacks = overdue_work(organisation, now, department)
    ranking, the_ranking = ranking_chart(organisation, period, department, now)
    context = {
        "organisation": organisation,
        "period": period,
        "period_title": selectors.period_title(period),
        "running": end > now,
        "figures": headline.figures(
            period,
            numbers,
            previous,
            merged=merged_duplicates(organisation, start, end, department),
            overdue=overdue_count,
            late_callbacks=late_callbacks,
        ),
        "choices": [(p.label, selectors.period_title(p)) for p in choices],
        "departments": departments,
        "department": department,
        "charts": [
            monthly_trends(organisation, months, department, now, formula),
            cases_by_state(organisation, start, end, department, numbers),
            overdue,
            violations_by_kind(organisation, start, end, department),
            ranking,
        ],
        "ranking": the_ranking,
        "notice_period": period.label if period.kind == QUARTER else None,
        "red_black_period": period.label if period.kind == MONTH else None,
        "satisfaction_formula": SatisfactionFormula(formula).label,
        "now": now,
    }
    return render(request, "reports/dashboard.html", context)
