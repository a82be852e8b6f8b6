"""Working-day calendar for time limits (限时办结): moments in, moments out.

Pure on purpose: no ORM and no clock, so the deadline sweep, the admin and the tests all get
the same answer for the same inputs. Working days follow the statutory calendar of the
``holidays`` package (days off and make-up working days, 调休); the organisation's overrides
always win over it.

Counting follows Chinese law for periods: the day a stage starts is not counted, and a limit
of N working days ends at closing time on the Nth working day after that day.
"""

from __future__ import annotations

import calendar
import enum
import functools
import logging
import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from holidays.countries.china import China, ChinaStaticHolidays

logger = logging.getLogger(__name__)


class Unit(enum.StrEnum):
    """Units of a time limit; plain string values so models can reuse them as choices."""

    MINUTES = "minutes"
    HOURS = "hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"


@dataclass(frozen=True)
class _Statutory:
    days_off: frozenset[date]
    make_up: frozenset[date]
    weekend: frozenset[int]
    known: bool


# The library encodes each year's State Council notice (moved days off, make-up working days) in
# this table; a year without an entry only has rule-based estimates with no make-up days at all.
_CHINA_NOTICE_YEARS = frozenset(getattr(ChinaStaticHolidays, "special_public_holidays", {}))


@functools.cache
def _statutory(country: str, year: int) -> _Statutory:
    # Cached per process: building a holidays object costs a couple of milliseconds.
    try:
        # Next year too: a make-up day late in December can belong to next year's notice.
        lib = holidays.country_holidays(country, years={year, min(year + 1, date.max.year)})
        days_off = frozenset(d for d in lib if d.year == year)
        # weekend_workdays also holds stray make-up days of unrelated years: keep this year's.
        make_up = frozenset(d for d in lib.weekend_workdays if d.year == year)
        weekend = frozenset(lib.weekend)
        # holidays.China is a lazy loader, not the class: test against the real one.
        if isinstance(lib, China):
            known = year in _CHINA_NOTICE_YEARS or bool(make_up)
        else:  # no make-up days to miss: the library's own range is the best we have
            known = lib.start_year <= year <= lib.end_year
    except Exception:  # a missing year must never take the deadlines down with it
        logger.exception("holidays library failed for %s %s", country, year)
        return _Statutory(frozenset(), frozenset(), frozenset({5, 6}), known=False)
    return _Statutory(days_off, make_up, weekend, known)


@dataclass(frozen=True)
class _Year:
    first: int  # ordinal of 1 January
    flags: bytes  # 1 for a working day, indexed by ordinal - first
    ords: tuple[int, ...]  # ordinals of the working days, ascending, for bisect


def _td(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """One organisation's working calendar; immutable, so share one instance per organisation.

    ``overrides`` are ``(date, is_working_day)`` pairs entered by the administrator; a later
    pair for the same date wins. Office hours are wall-clock times in ``tz``.
    """

    country: str = "CN"
    opens: time = time(8, 30)
    closes: time = time(17, 30)
    tz: ZoneInfo | str = "Asia/Shanghai"
    overrides: Iterable[tuple[date, bool]] = ()
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self):
        if self.opens.tzinfo or self.closes.tzinfo or not self.opens < self.closes:
            raise ValueError("opening and closing must be naive times, opening first")
        holidays.country_holidays(self.country)  # an unknown country code is a setup error
        tz = ZoneInfo(self.tz) if isinstance(self.tz, str) else self.tz
        overrides = {_as_date(d): bool(working) for d, working in self.overrides}
        object.__setattr__(self, "tz", tz)
        object.__setattr__(self, "overrides", MappingProxyType(overrides))
        object.__setattr__(self, "_opens", _td(self.opens))
        object.__setattr__(self, "_span", _td(self.closes) - _td(self.opens))

    # -- the per-year tables ------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            with self._lock:  # also keeps the unknown-year warning to one per year
                table = self._years.get(year)
                if table is None:
                    table = self._years[year] = self._build_year(year)
        return table

    def _build_year(self, year: int) -> _Year:
        stat = _statutory(self.country, year)
        if stat.known:

            def statutory(d: date) -> bool:
                return d in stat.make_up or (
                    d.weekday() not in stat.weekend and d not in stat.days_off
                )

        else:
            # Weekends only, not the library's estimated holidays: the state's notice moves
            # days around (调休) in ways the estimate cannot know, and the administrator enters
            # that notice as overrides (days off and make-up days). On a plain-weekend base
            # those overrides give exactly the official calendar; on top of estimates, every
            # estimated day off that the notice does not list would silently stay off.
            if not any(d.year == year for d in self.overrides):
                # Overrides in the year mean the administrator has done what this asks.
                self._warn_unknown_year(year)

            def statutory(d: date) -> bool:
                return d.weekday() not in stat.weekend

        first = date(year, 1, 1).toordinal()
        flags = bytearray(366 if calendar.isleap(year) else 365)
        for i in range(len(flags)):
            d = date.fromordinal(first + i)
            working = self.overrides.get(d)
            flags[i] = statutory(d) if working is None else working
        ords = tuple(first + i for i, f in enumerate(flags) if f)
        return _Year(first, bytes(flags), ords)

    def _warn_unknown_year(self, year: int) -> None:
        logger.warning(
            "No official %s working-day calendar for %s in the holidays library: counting "
            "only Saturdays and Sundays as days off, plus the calendar overrides. Enter the "
            "official %s holiday schedule (days off and make-up working days) as calendar "
            "overrides in the admin.",
            self.country,
            year,
            year,
        )

    def _nth_after(self, day: date, n: int) -> date:
        """The nth working day strictly after ``day`` (n >= 1)."""
        year = day.year
        table = self._year(year)
        i = bisect_right(table.ords, day.toordinal()) + n - 1
        while i >= len(table.ords):
            i -= len(table.ords)
            year += 1
            table = self._year(year)
        return date.fromordinal(table.ords[i])

    # -- conversions ----------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime {moment!r}: time limits need aware datetimes")
        return moment.astimezone(self.tz)

    def _day(self, value: date) -> date:
        return self.local(value).date() if isinstance(value, datetime) else value

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.closes, tzinfo=self.tz)

    def _office_elapsed(self, local: datetime) -> timedelta:
        """Office time already gone on this moment's day."""
        if not self.is_working_day(local.date()):
            return timedelta(0)
        return min(max(_td(local.time()) - self._opens, timedelta(0)), self._span)

    # -- days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        day = self._day(day)
        table = self._year(day.year)
        return bool(table.flags[day.toordinal() - table.first])

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._nth_after(self._day(day), 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end < start.

        The inverse of :meth:`add_working_days`: the start day is not counted.
        """
        start, end = self._day(start), self._day(end)
        if end < start:
            return -self.working_days_between(end, start)
        table = self._year(start.year)
        total = -bisect_right(table.ords, start.toordinal())
        for year in range(start.year, end.year):
            total += len(table.ords)
            table = self._year(year + 1)
        return total + bisect_right(table.ords, end.toordinal())

    # -- deadlines ------------------------------------------------------------------------------

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Closing time on the nth working day after the start day (the start day never counts).

        n = 0 means "within the day": closing time of the start day when it is a working day
        and not yet closed, else of the next working day, so the deadline is never before start.
        """
        if n < 0:
            raise ValueError("a time limit cannot be negative")
        local = self.local(start)
        day = local.date()
        if n == 0 and self.is_working_day(day) and local.time() <= self.closes:
            return self.closing(day)
        return self.closing(self._nth_after(day, max(n, 1)))

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest moment by which ``duration`` of office time has passed since ``start``."""
        if duration < timedelta(0):
            raise ValueError("a time limit cannot be negative")
        local = self.local(start)
        if not duration:
            return local
        day = local.date()
        if self.is_working_day(day) and local.time() < self.closes:
            begin = max(_td(local.time()), self._opens)
            left = self._span - (begin - self._opens)
            if duration <= left:
                return datetime.combine(day, time(0), tzinfo=self.tz) + begin + duration
            duration -= left
        full, rest = divmod(duration, self._span)
        if not rest:  # end at closing time, not at the next day's opening
            full, rest = full - 1, self._span
        on = self._nth_after(day, full + 1)
        return datetime.combine(on, self.opens, tzinfo=self.tz) + rest

    def add_working_hours(self, start: datetime, hours: float = 0, minutes: float = 0) -> datetime:
        return self.add_working_time(start, timedelta(hours=hours, minutes=minutes))

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time on working days from ``a`` to ``b``; negative if b is before a."""
        a, b = self.local(a), self.local(b)
        if b < a:
            return -self.working_time_between(b, a)
        da, db = a.date(), b.date()
        # working days in [da, db): shift the half-open interval (da, db] by one day
        days = self.working_days_between(da, db) + self.is_working_day(da) - self.is_working_day(db)
        return days * self._span + self._office_elapsed(b) - self._office_elapsed(a)

    def last_day(self, deadline: datetime) -> date:
        """The day a deadline ends on. Calendar-day limits end at 24:00 of their last day,
        which is stored as 00:00 of the day after: a deadline at midnight ends the day before."""
        local = self.local(deadline)
        if local.time() == time(0):
            return local.date() - timedelta(days=1)
        return local.date()

    def add_calendar_days(self, start: datetime, n: int) -> datetime:
        """24:00 of the nth day after the start day, i.e. 00:00 of the day after that."""
        if n < 0:
            raise ValueError("a time limit cannot be negative")
        last = self.local(start).date() + timedelta(days=n)
        return datetime.combine(last + timedelta(days=1), time(0), tzinfo=self.tz)

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        # Elapsed time, computed in UTC so that a DST change in ``tz`` cannot bend it.
        return (self.local(start).astimezone(UTC) + timedelta(minutes=minutes)).astimezone(self.tz)

    def add_hours(self, start: datetime, hours: float) -> datetime:
        return self.add_minutes(start, hours * 60)

    def deadline(self, start: datetime, amount: int, unit: Unit | str) -> datetime:
        """The end of a time limit of ``amount`` ``unit`` starting at ``start``."""
        if amount < 0:
            raise ValueError("a time limit cannot be negative")
        match Unit(unit):
            case Unit.MINUTES:
                return self.add_minutes(start, amount)
            case Unit.HOURS:
                return self.add_hours(start, amount)
            case Unit.WORKING_DAYS:
                return self.add_working_days(start, amount)
            case Unit.CALENDAR_DAYS:
                return self.add_calendar_days(start, amount)

    def extend(self, deadline: datetime, amount: int, unit: Unit | str) -> datetime:
        """The end of ``amount`` ``unit`` more after ``deadline`` (how far an extension goes).

        Days are counted after the deadline's last day, as after any day a period starts:
        a 30-day deadline stored as 00:00 of the next day would otherwise give one day more.
        Minutes and hours run on from the deadline itself.
        """
        if Unit(unit) in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS):
            return self.deadline(self.closing(self.last_day(deadline)), amount, unit)
        return self.deadline(deadline, amount, unit)


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value
