"""The dashboard's trend: on-time resolution and satisfaction rates over the twelve months
up to the end of the period, one slot per month.

The months' numbers come from the daily summary tables (penalties.metrics.daily): the final
days summed in one grouped query, the others (normally only today) counted live.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..metrics import DEPARTMENT, ORGANISATION, daily
from ..numbers import LEVELS, Numbers
from ..periods import Period, month_of
from . import charts, selectors

TREND_MONTHS = 12
# The counts behind the two rates the trend shows.
TREND_COUNTS = ("resolve_due", "resolve_on_time", *LEVELS)


def trend_months(period: Period) -> list[Period]:
    """The twelve months up to the end of ``period``, oldest first."""
    months = [month_of(period.last_day)]
    while len(months) < TREND_MONTHS:
        months.insert(0, months[0].previous())
    return months


def monthly_trends(organisation, months, department, now, formula):
    """Each month's numbers from the daily summary tables (the days not final yet counted
    live), in one grouped query."""
    level = DEPARTMENT if department else ORGANISATION
    only = [department.pk] if department else None
    found = daily.numbers_by_month(
        organisation, months, level, now=now, formula=formula, only=only, names=TREND_COUNTS
    )
    by_month = {
        label: next(iter(by_subject.values())) for label, by_subject in found.items() if by_subject
    }
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
