"""One WorkCalendar per organisation, kept per process and checked on every use.

The calendar is built from the statutory holidays of the organisation's region, its office
hours and its overrides (CalendarOverride). A ``StampedCache`` watches the overrides and
their history, and those fields of the organisation, with one small query per lookup: a
change made anywhere (the admin, the ORM, another process) gives the next deadline at
once, and nothing an uncommitted transaction read is kept.
"""

import functools

from django.conf import settings

from firstask.stamped_cache import StampedCache

from ..models import CalendarOverride, Organisation
from .workcalendar import WorkCalendar

# Everything of the organisation's own row that a calendar is built from.
CALENDAR_FIELDS = ("calendar_region", "opening_time", "closing_time")

_calendars = StampedCache("departments.CalendarOverride", organisation_fields=CALENDAR_FIELDS)


def calendar_for(organisation):
    """The organisation's working calendar (an Organisation or its pk); shared, immutable."""
    organisation_id = getattr(organisation, "pk", organisation)
    # The time zone is a setting, not a row: part of the key, so a test that changes it
    # gets a calendar of its own.
    tz = settings.TIME_ZONE
    return _calendars.get(organisation_id, tz, lambda: _load(organisation_id, tz))


def _load(organisation_id, tz):
    region, opens, closes = Organisation.objects.values_list(*CALENDAR_FIELDS).get(
        pk=organisation_id
    )
    # No default ordering: it sorts by organisation, which joins the organisations.
    overrides = CalendarOverride.objects.filter(organisation=organisation_id).order_by("date")
    return _built(region, opens, closes, tz, tuple(overrides.values_list("date", "is_working_day")))


@functools.lru_cache(maxsize=64)
def _built(region, opens, closes, tz, overrides):
    # Keyed by all the calendar is made of, so sharing one is right even when an
    # uncommitted transaction read it, which the StampedCache does not keep: a long
    # transaction (demo data, a test) would otherwise build a calendar, about a
    # millisecond of holiday and year tables, for every clock it starts.
    return WorkCalendar(country=region, opens=opens, closes=closes, tz=tz, overrides=overrides)


def clear_calendars():
    """Forget every kept calendar (tests that change settings use it)."""
    _calendars.clear()
    _built.cache_clear()
