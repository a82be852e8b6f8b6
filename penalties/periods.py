"""Quarters and years in the organisation's time zone (pure)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Period:
    label: str  # "2026Q3", "2026"
    start: dt.date  # first day
    end: dt.date  # first day after

    def bounds(self, tz: ZoneInfo):
        """The period as aware datetimes [start, end)."""
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=tz),
        )


def quarter_of(day: dt.date) -> Period:
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = dt.date(day.year + (q == 3), 1 if q == 3 else 3 * q + 4, 1)
    return Period(f"{day.year}Q{q + 1}", start, end)


def previous_quarter(now: dt.datetime, tz: ZoneInfo) -> Period:
    """The last quarter that has ended by ``now``."""
    current = quarter_of(now.astimezone(tz).date())
    return quarter_of(current.start - dt.timedelta(days=1))


def previous_year(now: dt.datetime, tz: ZoneInfo) -> Period:
    year = now.astimezone(tz).year - 1
    return Period(str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
