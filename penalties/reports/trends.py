"""The dashboard's trend: on-time resolution and satisfaction rates over the twelve months
up to the end of the period, one slot per month.

Closed months come from their snapshots (penalties.metrics.summary); the months without
one (normally only the running month) are counted live, in one query per family.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.choices import ContactResult, Stage
from cases.models import Callback, StageClock
from cases.models.clock import MET_IN_TIME

from ..metrics import DEPARTMENT, ORGANISATION, summary
from ..numbers import LEVELS, Numbers
from ..periods import Period, month_of
from . import charts, selectors

TREND_MONTHS = 12


def trend_months(period: Period) -> list[Period]:
    """The twelve months up to the end of ``period``, oldest first."""
    months = [month_of(period.last_day)]
    while len(months) < TREND_MONTHS:
        months.insert(0, months[0].previous())
    return months


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
    stages = StageClock.objects.counted_in(start, end, now).filter(
        case__organisation=organisation, case__merged_into__isnull=True, stage=Stage.RESOLVE
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
            kept=Count("pk", filter=MET_IN_TIME),
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
