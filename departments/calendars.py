"""One WorkCalendar per organisation, built once per process and rebuilt when it changes.

Web servers and workers are separate processes, so a signal in one cannot clear the cache
of another. Instead every lookup asks the database, in one small query, for the
organisation's calendar settings and a version of its overrides: the newest override row
(catches bulk inserts) and the newest history row (catches every change and delete made
through the model or the admin). A different answer builds a new calendar.
"""

import threading

from django.conf import settings
from django.db.models import OuterRef, Subquery

from .models import CalendarOverride, Organisation
from .workcalendar import WorkCalendar

_calendars = {}
_lock = threading.Lock()


def _fingerprint(organisation_id):
    overrides = CalendarOverride.objects.filter(organisation=OuterRef("pk"))
    history = CalendarOverride.history.filter(organisation_id=OuterRef("pk"))
    return (
        Organisation.objects.filter(pk=organisation_id)
        .annotate(
            newest_override=Subquery(overrides.order_by("-pk").values("pk")[:1]),
            newest_change=Subquery(history.order_by("-history_id").values("history_id")[:1]),
        )
        .values_list(
            "calendar_region", "opening_time", "closing_time", "newest_override", "newest_change"
        )
        .get()
    )


def calendar_for(organisation):
    """The organisation's working calendar (an Organisation or its pk)."""
    organisation_id = getattr(organisation, "pk", organisation)
    key = (*_fingerprint(organisation_id), settings.TIME_ZONE)
    cached = _calendars.get(organisation_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    region, opens, closes, *_versions, tz = key
    overrides = CalendarOverride.objects.filter(organisation_id=organisation_id).values_list(
        "date", "is_working_day"
    )
    calendar = WorkCalendar(country=region, opens=opens, closes=closes, tz=tz, overrides=overrides)
    with _lock:
        _calendars[organisation_id] = (key, calendar)
    return calendar


def clear_calendars():
    """Forget every cached calendar (tests that change settings use it)."""
    with _lock:
        _calendars.clear()
