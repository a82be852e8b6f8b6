"""Which days of the roster month are days off (weekends, statutory holidays, overrides)."""

import datetime as dt

from django.utils import timezone

from departments.calendar.workcalendar import WorkCalendar
from departments.models import CalendarOverride


def days_off(organisation, first, last):
    """Days off in [first, last], by the same calendar the time limits use."""
    overrides = (
        CalendarOverride.objects.for_organisation(organisation)
        .filter(date__range=(first, last))
        .values_list("date", "is_working_day")
    )
    calendar = WorkCalendar(
        country=organisation.calendar_region,
        opens=organisation.opening_time,
        closes=organisation.closing_time,
        tz=timezone.get_current_timezone(),
        overrides=list(overrides),
    )
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return {day for day in days if not calendar.is_working_day(day)}
