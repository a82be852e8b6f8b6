"""Months, quarters and years in the organisation's time zone (pure).

A period is a half-open range of local days [start, end); its labels are "2026-05",
"2026Q2" and "2026", the form used in URLs, admin filters and snapshot rows.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTH, QUARTER, YEAR = "month", "quarter", "year"
_LABEL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})|Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    label: str  # "2026-05", "2026Q3", "2026"
    start: dt.date  # first day
    end: dt.date  # first day after

    def bounds(self, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware datetimes [start, end)."""
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=tz),
        )

    @property
    def kind(self) -> str:
        if "Q" in self.label:
            return QUARTER
        return MONTH if "-" in self.label else YEAR

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def months(self) -> list["Period"]:
        """The months the period is made of, in order."""
        months, day = [], self.start
        while day < self.end:
            months.append(month_of(day))
            day = months[-1].end
        return months

    def previous(self) -> "Period":
        return {MONTH: month_of, QUARTER: quarter_of, YEAR: year_of}[self.kind](
            self.start - dt.timedelta(days=1)
        )

    def next(self) -> "Period":
        return {MONTH: month_of, QUARTER: quarter_of, YEAR: year_of}[self.kind](self.end)


def month_of(day: dt.date) -> Period:
    end = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return Period(f"{day.year}-{day.month:02d}", dt.date(day.year, day.month, 1), end)


def quarter_of(day: dt.date) -> Period:
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = dt.date(day.year + (q == 3), 1 if q == 3 else 3 * q + 4, 1)
    return Period(f"{day.year}Q{q + 1}", start, end)


def year_of(day: dt.date) -> Period:
    return Period(str(day.year), dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1))


def period_of(kind: str, day: dt.date) -> Period:
    return {MONTH: month_of, QUARTER: quarter_of, YEAR: year_of}[kind](day)


def parse_period(label: str) -> Period | None:
    """The period a label names, or None for anything else (never raises)."""
    match = _LABEL.fullmatch(label or "")
    if match is None:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2999:
        return None
    if match["month"]:
        month = int(match["month"])
        return month_of(dt.date(year, month, 1)) if 1 <= month <= 12 else None
    if match["quarter"]:
        return quarter_of(dt.date(year, 3 * int(match["quarter"]) - 2, 1))
    return year_of(dt.date(year, 1, 1))


def current_period(kind: str, now: dt.datetime, tz: ZoneInfo) -> Period:
    return period_of(kind, now.astimezone(tz).date())


def previous_period(kind: str, now: dt.datetime, tz: ZoneInfo) -> Period:
    """The last period of ``kind`` that has ended by ``now``."""
    return current_period(kind, now, tz).previous()


def previous_quarter(now: dt.datetime, tz: ZoneInfo) -> Period:
    return previous_period(QUARTER, now, tz)


def previous_year(now: dt.datetime, tz: ZoneInfo) -> Period:
    return previous_period(YEAR, now, tz)
