"""One WorkCalendar per organisation, from its region, office hours and overrides.

How the calendar is kept between transactions and processes: test_calendar_cache.
"""

import datetime as dt
import logging

import pytest

from departments.calendar.calendars import calendar_for, clear_calendars
from departments.calendar.workcalendar import WorkCalendar
from tests.factories import CalendarOverrideFactory

# 2031: a year the holidays library has no State Council notice for.
UNKNOWN_YEAR_DAY = dt.date(2031, 10, 1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_calendars()
    yield
    clear_calendars()


def test_inside_a_transaction_an_unchanged_calendar_is_shared_not_rebuilt(organisation):
    # Nothing an uncommitted transaction read is kept (see test_calendar_cache), but the
    # same rows give back the calendar already built from them.
    first = calendar_for(organisation)
    assert calendar_for(organisation) is first

    CalendarOverrideFactory(
        organisation=organisation, date=dt.date(2026, 3, 9), is_working_day=False
    )

    changed = calendar_for(organisation)
    assert changed is not first
    assert not changed.is_working_day(dt.date(2026, 3, 9))
    assert calendar_for(organisation) is changed


def test_organisations_do_not_share_overrides(organisation, other_organisation):
    CalendarOverrideFactory(
        organisation=organisation, date=dt.date(2026, 3, 9), is_working_day=False
    )

    assert not calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))
    assert calendar_for(other_organisation).is_working_day(dt.date(2026, 3, 9))


def _warned_years(caplog):
    return [
        r.args[1]
        for r in caplog.records
        if r.name == "departments.calendar.workcalendar" and r.levelno == logging.WARNING
    ]


def test_no_unknown_year_warning_once_the_administrator_entered_that_years_calendar(caplog):
    official_2031 = [(dt.date(2031, 10, d), False) for d in range(1, 8)]

    with caplog.at_level(logging.WARNING, logger="departments.calendar.workcalendar"):
        WorkCalendar(overrides=official_2031).is_working_day(UNKNOWN_YEAR_DAY)
        WorkCalendar(overrides=official_2031).is_working_day(dt.date(2032, 5, 5))

    assert _warned_years(caplog) == [2032]  # 2031 has overrides, 2032 has none
