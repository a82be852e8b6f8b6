"""One cached WorkCalendar per organisation, rebuilt when its overrides or hours change."""

import datetime as dt
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from departments.calendars import calendar_for, clear_calendars
from departments.models import CalendarOverride
from departments.workcalendar import WorkCalendar
from tests.factories import CalendarOverrideFactory

# 2031: a year the holidays library has no State Council notice for.
UNKNOWN_YEAR_DAY = dt.date(2031, 10, 1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_calendars()
    yield
    clear_calendars()


def test_the_calendar_is_built_once_and_reused_with_one_small_query(organisation):
    first = calendar_for(organisation)
    with CaptureQueriesContext(connection) as queries:
        again = calendar_for(organisation)

    assert again is first
    assert len(queries) == 1


def test_an_added_override_is_seen_at_once(organisation):
    calendar_for(organisation)

    CalendarOverrideFactory(
        organisation=organisation, date=dt.date(2026, 3, 9), is_working_day=False
    )

    assert not calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))


def test_a_changed_and_a_deleted_override_are_seen_at_once(organisation):
    override = CalendarOverrideFactory(
        organisation=organisation, date=dt.date(2026, 3, 9), is_working_day=False
    )
    assert not calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))

    override.date, override.is_working_day = dt.date(2026, 3, 8), True  # a Sunday made working
    override.save()
    assert calendar_for(organisation).is_working_day(dt.date(2026, 3, 8))
    assert calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))

    override.delete()
    assert calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))
    assert not calendar_for(organisation).is_working_day(dt.date(2026, 3, 8))


def test_bulk_created_overrides_are_seen_too(organisation):
    calendar_for(organisation)

    CalendarOverride.objects.bulk_create(
        [
            CalendarOverride(
                organisation=organisation, date=dt.date(2026, 3, 9), is_working_day=False
            )
        ]
    )

    assert not calendar_for(organisation).is_working_day(dt.date(2026, 3, 9))


def test_new_office_hours_give_a_new_calendar(organisation):
    before = calendar_for(organisation)

    organisation.closing_time = dt.time(18)
    organisation.save()

    after = calendar_for(organisation)
    assert after is not before
    assert after.closes == dt.time(18)


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
        if r.name == "departments.workcalendar" and r.levelno == logging.WARNING
    ]


def test_no_unknown_year_warning_once_the_administrator_entered_that_years_calendar(caplog):
    official_2031 = [(dt.date(2031, 10, d), False) for d in range(1, 8)]

    with caplog.at_level(logging.WARNING, logger="departments.workcalendar"):
        WorkCalendar(overrides=official_2031).is_working_day(UNKNOWN_YEAR_DAY)
        WorkCalendar(overrides=official_2031).is_working_day(dt.date(2032, 5, 5))

    assert _warned_years(caplog) == [2032]  # 2031 has overrides, 2032 has none
