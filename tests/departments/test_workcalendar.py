"""The working-day calendar: statutory days off and make-up days, overrides, counting rules."""

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from holidays.countries.china import China
from hypothesis import given
from hypothesis import strategies as st

from departments.calendar.workcalendar import Unit, WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def closing(y, m, d):
    return at(y, m, d, 17, 30)


# -- the spec's examples and the statutory calendar ----------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 10-01..10-07 are off
        (at(2026, 9, 30, 16), 2, closing(2026, 10, 9)),
        # Sat 10-10 is a make-up working day and counts
        (at(2026, 10, 8), 3, closing(2026, 10, 12)),
    ],
)
def test_spec_examples(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


def test_national_day_week_is_skipped_and_make_up_saturday_counts():
    assert CAL.add_working_days(at(2026, 9, 30, 16), 1) == closing(2026, 10, 8)
    assert CAL.add_working_days(at(2026, 10, 9, 16), 1) == closing(2026, 10, 10)
    assert CAL.add_working_days(at(2026, 10, 1, 10), 1) == closing(2026, 10, 8)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Spring Festival 2025: 01-28..02-04 off, make-up Sun 01-26 and Sat 02-08
        (date(2025, 1, 26), True),
        (date(2025, 1, 27), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
        (date(2025, 2, 9), False),
        # Spring Festival 2026: 02-15..02-23 off, make-up Sat 02-14 and Sat 02-28
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),
        (date(2026, 2, 15), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), False),
        # National Day 2025: 10-01..10-08 off, make-up Sun 09-28 and Sat 10-11
        (date(2025, 9, 28), True),
        (date(2025, 10, 1), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
        # National Day 2026: 10-01..10-07 off, make-up Sun 09-20 and Sat 10-10
        (date(2026, 9, 20), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 4), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),
        (date(2026, 10, 11), False),
        # New Year 2026: 01-01..01-03 off, make-up Sun 01-04
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 3), False),
        (date(2026, 1, 4), True),
        # Labour Day 2026: 05-01..05-05 off, make-up Sat 05-09
        (date(2026, 5, 5), False),
        (date(2026, 5, 9), True),
    ],
)
def test_statutory_days_off_and_make_up_days(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Spring Festival 2025: Sun 01-26 is a make-up day; Sat 02-08 too
        (at(2025, 1, 24), 1, closing(2025, 1, 26)),
        (at(2025, 1, 24), 2, closing(2025, 1, 27)),
        (at(2025, 1, 24), 3, closing(2025, 2, 5)),
        (at(2025, 2, 7), 1, closing(2025, 2, 8)),
        # Spring Festival 2026: Sat 02-14 counts, then nothing until Tue 02-24
        (at(2026, 2, 13), 1, closing(2026, 2, 14)),
        (at(2026, 2, 13), 2, closing(2026, 2, 24)),
        (at(2026, 2, 27), 1, closing(2026, 2, 28)),
        (at(2026, 2, 27), 2, closing(2026, 3, 2)),
        # National Day 2025: Sun 09-28 counts, 10-01..10-08 off, Sat 10-11 counts
        (at(2025, 9, 26), 1, closing(2025, 9, 28)),
        (at(2025, 9, 30), 1, closing(2025, 10, 9)),
        (at(2025, 10, 9), 2, closing(2025, 10, 11)),
        # National Day 2026, Sun 09-20 counts
        (at(2026, 9, 18), 1, closing(2026, 9, 20)),
        # year ends: New Year 2025 is one day; New Year 2026 has the make-up Sun 01-04
        (at(2024, 12, 31), 1, closing(2025, 1, 2)),
        (at(2025, 12, 31, 17, 45), 1, closing(2026, 1, 4)),
        (at(2025, 12, 30), 2, closing(2026, 1, 4)),
        (at(2025, 12, 30), 3, closing(2026, 1, 5)),
        # a long limit across the Spring Festival 2026
        (at(2026, 1, 30), 20, closing(2026, 3, 5)),
    ],
)
def test_working_days_across_holidays_and_year_ends(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


def test_calendar_agrees_with_the_library_on_every_official_day():
    library = China(years=range(2023, 2028))
    day = date(2024, 1, 1)
    while day.year <= 2026:
        assert CAL.is_working_day(day) is library.is_working_day(day), day
        day += timedelta(days=1)


def test_start_day_never_counts_whatever_the_hour():
    assert CAL.add_working_days(at(2026, 3, 2, 0, 1), 1) == closing(2026, 3, 3)
    assert CAL.add_working_days(at(2026, 3, 2, 23, 59), 1) == closing(2026, 3, 3)
    # a start on a day off: the next working day is the first one counted
    assert CAL.add_working_days(at(2026, 3, 7, 10), 1) == closing(2026, 3, 9)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 2, 10), closing(2026, 3, 2)),  # working day, open
        (at(2026, 3, 2, 17, 30), closing(2026, 3, 2)),  # exactly at closing
        (at(2026, 3, 2, 18), closing(2026, 3, 3)),  # closed: next working day
        (at(2026, 3, 7, 10), closing(2026, 3, 9)),  # Saturday
        (at(2026, 10, 9, 19), closing(2026, 10, 10)),  # make-up Saturday next
    ],
)
def test_zero_working_days_ends_with_the_current_or_next_business_day(start, expected):
    assert CAL.add_working_days(start, 0) == expected


def test_input_is_converted_to_the_calendar_timezone():
    # 08:00 UTC is 16:00 in Shanghai, the same moment as the spec example
    utc_start = datetime(2026, 9, 30, 8, tzinfo=UTC)
    result = CAL.add_working_days(utc_start, 2)
    assert result == closing(2026, 10, 9)
    assert result.tzinfo is SHANGHAI
    # 17:00 UTC on 09-30 is already 10-01 in Shanghai: a different start day
    assert CAL.add_working_days(datetime(2026, 9, 30, 17, tzinfo=UTC), 1) == closing(2026, 10, 8)
    assert CAL.is_working_day(datetime(2026, 9, 30, 17, tzinfo=UTC)) is False


def test_naive_datetimes_and_negative_limits_are_refused():
    with pytest.raises(ValueError, match="naive"):
        CAL.add_working_days(datetime(2026, 3, 2, 9), 1)
    with pytest.raises(ValueError):
        CAL.add_working_days(at(2026, 3, 2), -1)


def test_next_working_day_and_working_days_between():
    assert CAL.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert CAL.next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert CAL.working_days_between(date(2026, 10, 12), date(2026, 9, 30)) == -4
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 1, 4)) == 1
    assert CAL.working_days_between(date(2026, 1, 1), date(2026, 1, 1)) == 0


# -- overrides ------------------------------------------------------------------------------


def test_overrides_add_and_remove_working_days():
    cal = WorkCalendar(overrides=[(date(2026, 3, 7), True), (date(2026, 3, 9), False)])
    assert cal.is_working_day(date(2026, 3, 7))  # a Saturday worked
    assert not cal.is_working_day(date(2026, 3, 9))  # a Monday off
    assert cal.add_working_days(at(2026, 3, 6), 1) == closing(2026, 3, 7)
    assert cal.add_working_days(at(2026, 3, 6), 2) == closing(2026, 3, 10)
    assert CAL.add_working_days(at(2026, 3, 6), 2) == closing(2026, 3, 10)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 2), True),  # a statutory day off made a working day
        (date(2026, 10, 10), False),  # a statutory make-up day cancelled
    ],
)
def test_override_wins_against_the_library_both_ways(day, working):
    assert CAL.is_working_day(day) is not working
    assert WorkCalendar(overrides=[(day, working)]).is_working_day(day) is working


def test_later_override_for_the_same_day_wins():
    cal = WorkCalendar(overrides=[(date(2026, 3, 9), False), (date(2026, 3, 9), True)])
    assert cal.is_working_day(date(2026, 3, 9))


# -- a year the library does not know --------------------------------------------------------


def _warnings(caplog):
    return [
        r
        for r in caplog.records
        if r.name == "departments.calendar.workcalendar" and r.levelno == logging.WARNING
    ]


def test_unknown_year_falls_back_to_weekends_and_warns_once(caplog):
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger="departments.calendar.workcalendar"):
        # the library estimates 2031's holidays but has no notice for it: weekends only
        assert cal.is_working_day(date(2031, 10, 1))  # a Wednesday
        assert cal.is_working_day(date(2031, 1, 1))
        assert not cal.is_working_day(date(2031, 10, 4))  # a Saturday
        assert cal.add_working_days(at(2031, 9, 30), 3) == closing(2031, 10, 3)
        assert cal.add_working_days(at(2031, 10, 3), 1) == closing(2031, 10, 6)
        assert not cal.is_working_day(date(2026, 10, 5))  # an official year: no warning
    warnings = _warnings(caplog)
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "2031" in message
    assert "overrides in the admin" in message


def test_unknown_year_warns_once_per_year_per_calendar(caplog):
    with caplog.at_level(logging.WARNING, logger="departments.calendar.workcalendar"):
        first, second = WorkCalendar(), WorkCalendar()
        for cal in (first, second, first):
            cal.is_working_day(date(2032, 5, 5))
            cal.is_working_day(date(2033, 5, 5))
    assert sorted(r.args[1] for r in _warnings(caplog)) == [2032, 2032, 2033, 2033]


def test_official_calendar_entered_as_overrides_gives_the_exact_calendar_in_an_unknown_year():
    # what an administrator types in from the notice: the days off and the make-up days
    official = [(date(2031, 10, d), False) for d in range(1, 8)] + [(date(2031, 10, 11), True)]
    cal = WorkCalendar(overrides=official)
    assert cal.add_working_days(at(2031, 9, 30), 1) == closing(2031, 10, 8)
    assert cal.add_working_days(at(2031, 10, 10), 1) == closing(2031, 10, 11)


def test_years_outside_the_library_range_do_not_crash():
    cal = WorkCalendar()
    assert cal.is_working_day(date(2150, 3, 3))
    assert not cal.is_working_day(date(1900, 1, 6))
    # weekends only: even 1 January is a working day in such a year
    assert cal.add_working_days(at(2150, 12, 31), 1) == closing(2151, 1, 1)


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar(opens=time(18), closes=time(9))
    with pytest.raises(NotImplementedError):
        WorkCalendar(country="XX")


# -- office hours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "minutes", "expected"),
    [
        (at(2026, 3, 2, 12), 3, 0, at(2026, 3, 2, 15)),  # no lunch break
        (at(2026, 3, 2, 8, 30), 9, 0, closing(2026, 3, 2)),  # ends at closing, not next opening
        (at(2026, 3, 2, 7), 1, 0, at(2026, 3, 2, 9, 30)),  # before opening
        (at(2026, 3, 2, 18), 1, 0, at(2026, 3, 3, 9, 30)),  # after closing
        (at(2026, 3, 6, 16, 30), 2, 0, at(2026, 3, 9, 9, 30)),  # across a weekend
        (at(2026, 3, 7, 10), 0, 30, at(2026, 3, 9, 9)),  # from a Saturday
        (at(2026, 3, 2, 8, 30), 20, 0, at(2026, 3, 4, 10, 30)),  # several days
        (at(2026, 9, 30, 16), 4, 0, at(2026, 10, 8, 11)),  # across National Day
        (at(2026, 10, 9, 17), 1, 0, at(2026, 10, 10, 9)),  # onto the make-up Saturday
        (at(2026, 3, 2, 10), 0, 0, at(2026, 3, 2, 10)),
    ],
)
def test_working_hours_count_only_office_time_on_working_days(start, hours, minutes, expected):
    assert CAL.add_working_hours(start, hours=hours, minutes=minutes) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (at(2026, 3, 2, 10), at(2026, 3, 2, 12, 15), timedelta(hours=2, minutes=15)),
        (at(2026, 3, 6, 16, 30), at(2026, 3, 9, 9, 30), timedelta(hours=2)),
        (at(2026, 3, 6, 20), at(2026, 3, 8, 23), timedelta(0)),  # a weekend
        (at(2026, 3, 2, 6), at(2026, 3, 2, 22), timedelta(hours=9)),
        (at(2026, 9, 30, 17), at(2026, 10, 8, 9), timedelta(minutes=60)),
        (at(2026, 3, 9, 9, 30), at(2026, 3, 6, 16, 30), -timedelta(hours=2)),
        (at(2026, 3, 2, 9), at(2026, 3, 9, 9), timedelta(hours=45)),  # one week, five days
    ],
)
def test_working_time_between(a, b, expected):
    assert CAL.working_time_between(a, b) == expected


def test_a_pause_moves_the_deadline_by_the_office_time_it_took():
    deadline = CAL.add_working_days(at(2026, 9, 28, 10), 2)  # Wed 09-30 17:30
    paused = CAL.working_time_between(at(2026, 9, 29, 16, 30), at(2026, 9, 30, 9, 30))
    assert paused == timedelta(hours=2)
    assert CAL.add_working_time(deadline, paused) == at(2026, 10, 8, 10, 30)


# -- calendar days and wall-clock units ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (at(2026, 9, 30, 16), 30, at(2026, 10, 31, 0, 0)),  # 24:00 of 10-30
        (at(2026, 9, 30, 16), 1, at(2026, 10, 2, 0, 0)),  # holidays count
        (at(2026, 12, 31, 23, 59), 1, at(2027, 1, 2, 0, 0)),
        (at(2026, 3, 2, 16), 0, at(2026, 3, 3, 0, 0)),
    ],
)
def test_calendar_days_end_at_midnight_after_the_last_day(start, n, expected):
    assert CAL.add_calendar_days(start, n) == expected


def test_deadline_dispatches_on_the_unit():
    start = at(2026, 9, 30, 16)
    assert [u.value for u in Unit] == ["minutes", "hours", "working_days", "calendar_days"]
    assert CAL.deadline(start, 10, "minutes") == at(2026, 9, 30, 16, 10)
    assert CAL.deadline(start, 24, Unit.HOURS) == at(2026, 10, 1, 16)  # wall-clock
    assert CAL.deadline(start, 2, "working_days") == closing(2026, 10, 9)
    assert CAL.deadline(start, 30, Unit.CALENDAR_DAYS) == at(2026, 10, 31, 0)
    with pytest.raises(ValueError):
        CAL.deadline(start, 1, "fortnights")


# -- properties ----------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 9, 30), timezones=st.just(SHANGHAI)
)
limits = st.integers(min_value=0, max_value=40)
positive_limits = st.integers(min_value=1, max_value=40)


@given(moments, positive_limits, positive_limits)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(start, n, m):
    # Holds from any start for n, m >= 1: only the start's date matters, and every result is a
    # working day's closing time.
    assert CAL.add_working_days(CAL.add_working_days(start, n), m) == CAL.add_working_days(
        start, n + m
    )


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30)), limits, limits)
def test_composition_including_zero_from_a_closing_time_on_a_working_day(day, n, m):
    # With 0 allowed the law needs a start that is itself a deadline: closing time on a working
    # day (from a day off, 0 days means the next working day, which 1 day also means).
    start = CAL.closing(day if CAL.is_working_day(day) else CAL.next_working_day(day))
    assert CAL.add_working_days(start, 0) == start
    assert CAL.add_working_days(CAL.add_working_days(start, n), m) == CAL.add_working_days(
        start, n + m
    )


@given(moments, limits)
def test_result_is_a_working_day_at_closing_time_never_before_start(start, n):
    result = CAL.add_working_days(start, n)
    assert CAL.is_working_day(result.date())
    assert result.timetz() == time(17, 30, tzinfo=SHANGHAI)
    assert result >= start
    if n:
        assert CAL.working_days_between(start.date(), result.date()) == n


@given(moments, limits)
def test_more_working_days_never_end_earlier(start, n):
    # strictly later from 1 on; 0 and 1 coincide when the start day is off or already closed
    assert CAL.add_working_days(start, n) <= CAL.add_working_days(start, n + 1)
    if n:
        assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30)),
    st.integers(min_value=0, max_value=9 * 60),
    st.integers(min_value=0, max_value=9 * 60 * 30),
)
def test_working_time_between_undoes_add_working_time(day, offset, minutes):
    day = day if CAL.is_working_day(day) else CAL.next_working_day(day)
    start = at(day.year, day.month, day.day, 8, 30) + timedelta(minutes=offset)
    duration = timedelta(minutes=minutes)
    end = CAL.add_working_time(start, duration)
    assert CAL.working_time_between(start, end) == duration
    if minutes:
        assert CAL.is_working_day(end.date())
        assert time(8, 30) < end.time() <= time(17, 30)
