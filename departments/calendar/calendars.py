"""One WorkCalendar per organisation, kept per process and checked on every use.

The calendar is built from the statutory holidays of the organisation's region, its office
hours and its overrides (CalendarOverride). A ``StampedCache`` watches the overrides and
their history, and those fields of the organisation, with one small query per lookup: a
change made anywhere (the admin, the ORM, another process) gives the next deadline at
once, and nothing an uncommitted transaction read is kept.
"""

import contextlib
import functools
import threading

from django.conf import settings
from django.core.signals import request_finished, request_started

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


# --- one calendar per page: a list of cases shows a badge per row --------------------------
_page = threading.local()


@contextlib.contextmanager
def one_calendar_per_page():
    """Within it, ``page_calendar`` looks each organisation's calendar up once (each
    request runs in one)."""
    previous = getattr(_page, "calendars", None)
    _page.calendars = {}
    try:
        yield
    finally:
        _page.calendars = previous


def _page_started(**kwargs):
    _page.calendars = {}


def _page_finished(**kwargs):
    _page.calendars = None


request_started.connect(_page_started, dispatch_uid="page_calendar.started")
request_finished.connect(_page_finished, dispatch_uid="page_calendar.finished")


def page_calendar(organisation):
    """``calendar_for``, looked up once per request and organisation: for what a page
    shows of each row of a list (the time left of each case). Outside a request, as
    ``calendar_for``."""
    calendars = getattr(_page, "calendars", None)
    if calendars is None:
        return calendar_for(organisation)
    organisation_id = getattr(organisation, "pk", organisation)
    if organisation_id not in calendars:
        calendars[organisation_id] = calendar_for(organisation_id)
    return calendars[organisation_id]


def clear_calendars():
    """Forget every kept calendar (tests that change settings use it)."""
    _calendars.clear()
    _built.cache_clear()
