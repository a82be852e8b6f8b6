"""The managers' dashboard: the headline figures against the previous period, on-time
and satisfaction by month, cases by state, overdue work by department, violations by kind,
the ranking; for a period and a department.

Each chart is one grouped aggregate query; the period's numbers, the open cases by state
and the overdue work now are read from the snapshots and the daily summary tables
(penalties.metrics.summary and daily), so the page reads O(days × departments) rows, the
same on a thousand cases as on ten million, and counts live at most the days not final
yet (normally today).
"""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import State
from cases.views.access import staff_required
from departments.models import Department
from firstask.replica import reading_from_replica

from .. import metrics
from ..metrics import daily, summary
from ..models import (
    COUNTED_STATES,
    OPEN_STAGE_NAMES,
    AssessmentSettings,
    SatisfactionFormula,
    Violation,
    ViolationKind,
)
from ..numbers import Numbers
from ..periods import MONTH, QUARTER, YEAR, Period, current_period, parse_period
from . import charts, headline, selectors, trends
from .views import reader_organisation


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


# What the dashboard reads of the days for what stands now.
NOW_COUNTS = (
    "merged",
    "open_registered",
    "open_transferred",
    "open_resolved",
    *OPEN_STAGE_NAMES,
)


def now_numbers(
    organisation, first, last, department, now, formula, *, by_department=False, names=NOW_COUNTS
):
    """{subject id: Numbers} of the days [first, last] from the daily summary tables, for
    what stands now (``names``: the open cases by state, the open stages past their
    deadline): the department's, each department's (``by_department``) or the
    organisation's (key 0)."""
    if first is None or last < first:
        return {}
    if department is None and not by_department:
        level, only = metrics.ORGANISATION, None
    else:
        level, only = metrics.DEPARTMENT, [department.pk] if department else None
    return daily.numbers_between(
        organisation, first, last, level, now=now, formula=formula, only=only, names=names
    )


def cases_by_state(open_now, numbers, merged):
    """The period's registered cases by their state now: the open ones by state from the
    daily summary tables (``open_now``), the called-back ones the rest of the period's
    registered cases (``numbers``)."""
    counts = {
        State.REGISTERED: open_now.open_registered,
        State.TRANSFERRED: open_now.open_transferred,
        State.RESOLVED: open_now.open_resolved,
    }
    counts[State.CALLED_BACK] = max(0, numbers.to_resolve - sum(counts.values()))
    rows = [[label, counts.get(value, 0)] for value, label in State.choices]
    note = _("Cases registered in the period, by their state now.")
    if merged:
        note += " " + headline.merged_note(merged)
    return charts.bar_chart(
        "states", _("Cases by state"), [_("State"), _("Cases")], rows, note=note
    )


def overdue_work(organisation, now, department, formula):
    """(chart, overdue, late callbacks): the open stages of unresolved cases past their
    deadline now, by the department that owes them, and apart from them the resolved cases
    whose callback is overdue. The stage clock says what overdue is; merged duplicates wait
    with their main case and count once. From the daily summary tables: each day holds
    the open stages whose deadline fell in it (O(days × departments), not O(open stages))."""
    names = dict(
        Department.objects.filter(organisation=organisation).order_by().values_list("pk", "name")
    )
    first, today = daily.first_day(organisation), daily.local_day(now)
    found = now_numbers(
        organisation,
        first,
        today,
        department,
        now,
        formula,
        by_department=True,
        names=OPEN_STAGE_NAMES,
    )
    rows, late_callbacks = [], 0
    for key in sorted(found):
        if key not in names:
            continue
        numbers = found[key]
        late_callbacks += numbers.callback_open
        unresolved = numbers.forward_open + numbers.sign_for_open + numbers.resolve_open
        if unresolved:
            rows.append([names[key], unresolved])
    rows.sort(key=lambda row: -row[1])  # most first; stable: then by department
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


def ranking_chart(organisation, period, now, assessment):
    ranking = selectors.ranking(organisation, period, now=now, staff=False, settings=assessment)
    rows = [
        [
            str(row.department),
            row.score,
            row.rank if row.rank is not None else _("Not ranked"),
            _("yes") if row.is_bottom else "",
        ]
        for row in ranking.departments
    ]
    chart = charts.bar_chart(
        "ranking",
        _("Ranking of departments"),
        [_("Department"), _("Score"), _("Rank"), _("Bottom place")],
        rows,
        marked=lambda row: bool(row[3]),
        note=_ranking_note(ranking),
    )
    return chart, ranking


def _ranking_note(ranking) -> str:
    """Why the ranking may still change: only while its period runs (临时结果)."""
    if not ranking.provisional:
        return ""
    if ranking.run is None:
        return _("Provisional: this period has not been assessed yet.")
    return _("Provisional: the period is still running (as of %(at)s).") % {
        "at": timezone.localtime(ranking.run.computed_at).strftime("%Y-%m-%d %H:%M")
    }


@staff_required
@reading_from_replica()
@daily.shared_reads()
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
    assessment = AssessmentSettings.for_organisation(organisation)
    formula = assessment.satisfaction_formula
    numbers, previous = (
        summary.subject_numbers(organisation, p, department=department, formula=formula, now=now)
        for p in (period, period.previous())
    )
    overdue, overdue_count, late_callbacks = overdue_work(organisation, now, department, formula)
    ranking, the_ranking = ranking_chart(organisation, period, now, assessment)
    # The cases registered in the period merged into another (并单, counted once as their
    # main case in every number) and the open ones by state, as they stand now.
    period_now = now_numbers(organisation, period.start, period.last_day, department, now, formula)
    stands = period_now.get(department.pk if department else 0) or Numbers()
    merged = stands.merged
    context = {
        "organisation": organisation,
        "period": period,
        "period_title": selectors.period_title(period),
        "running": end > now,
        "figures": headline.figures(
            period,
            numbers,
            previous,
            merged=merged,
            overdue=overdue_count,
            late_callbacks=late_callbacks,
            of_department=department is not None,
        ),
        "choices": [(p.label, selectors.period_title(p)) for p in choices],
        "departments": departments,
        "department": department,
        "charts": [
            trends.monthly_trends(
                organisation, trends.trend_months(period), department, now, formula
            ),
            cases_by_state(stands, numbers, merged),
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
    # Read last: the oldest count of a touched day any chart above read (daily.stale_from).
    context["counted_as_of"] = daily.counted_as_of()
    return render(request, "reports/dashboard.html", context)
