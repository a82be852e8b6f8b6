"""How a deadline looks: the green/yellow/red badge of a case, and time limits as text.

Used by the admin, the workspace lists, the case page, the receipt and the public lookup.
Lists select ``current_clock`` with the case (``DEADLINE_RELATED``), so a badge costs no
query.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from departments.calendar.calendars import page_calendar
from departments.calendar.workcalendar import WorkCalendar

from ..choices import Channel, Kind, LimitUnit, Stage
from ..models import TimeLimitPolicy
from ..models.clock import ClockStatus
from .deadlines import matching_policy

DEADLINE_RELATED = ("current_clock",)


class Badge(NamedTuple):
    colour: str  # "green", "yellow", "red"; "grey" while waiting for materials
    label: str
    remaining: timedelta | None  # negative once overdue
    due_at: datetime | None

    @property
    def title(self):
        if self.due_at is None:
            return ""
        return _("Deadline %(due)s") % {"due": f"{timezone.localtime(self.due_at):%Y-%m-%d %H:%M}"}


def office_time_text(span: timedelta, calendar: WorkCalendar) -> str:
    """Office time as working days and hours, e.g. "2 working days 3 hours"; a working day
    is the calendar's office day (08:30-17:30: 9 hours). Under an hour: minutes."""
    day = calendar.office_day
    days, rest = divmod(max(span, timedelta(0)), day)
    hours, rest = divmod(rest, timedelta(hours=1))
    minutes = rest // timedelta(minutes=1)
    parts = []
    if days:
        parts.append(ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not hours):
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


def _time_text(clock, later, earlier, calendar):
    """How long from ``earlier`` to ``later``: office time for limits in working days (the
    limit counts nothing else), wall-clock time for the other units."""
    if clock.unit == LimitUnit.WORKING_DAYS and calendar is not None:
        return office_time_text(calendar.working_time_between(earlier, later), calendar)
    return timesince(earlier, later, depth=2)


def clock_badge(clock, now, calendar=None):
    """The badge of one stage clock at ``now``; None when it has no deadline or has ended.

    ``calendar`` is the organisation's working calendar, for limits in working days: the
    time left is then working days and hours of office time, not wall-clock hours.
    """
    status = clock.status_at(now) if clock is not None else None
    if status is None:
        return None
    if status == ClockStatus.PAUSED:
        return Badge("grey", _("Waiting for materials"), None, clock.due_at)
    remaining = clock.due_at - now
    if status == ClockStatus.OVERDUE:
        time = _time_text(clock, now, clock.due_at, calendar)
        return Badge("red", _("Overdue by %(time)s") % {"time": time}, remaining, clock.due_at)
    colour = "yellow" if status == ClockStatus.WARNING else "green"
    time = _time_text(clock, clock.due_at, now, calendar)
    return Badge(colour, _("%(time)s left") % {"time": time}, remaining, clock.due_at)


class Supervision(NamedTuple):
    colour: str  # "blue", "yellow", "red"
    label: str


SUPERVISION_COLOURS = ("blue", "yellow", "red")
SUPERVISION_LABELS = {
    "blue": gettext_lazy("Blue supervision"),
    "yellow": gettext_lazy("Yellow supervision"),
    "red": gettext_lazy("Red supervision"),
}


def supervision_level(case, now, urgings):
    """The case's supervision colour (督办): blue when its running stage is past half its
    time (near due), yellow once warned, red when overdue; each urging notice raises it one
    level, up to red. None while nothing calls for supervision."""
    clock = case.current_clock if case.current_clock_id else None
    level = 0
    status = clock.status_at(now) if clock is not None else None
    if status == ClockStatus.OVERDUE:
        level = 3
    elif status == ClockStatus.WARNING:
        level = 2
    elif status == ClockStatus.ON_TIME:
        level = 1 if now >= clock.started_at + (clock.due_at - clock.started_at) / 2 else 0
    if case.is_open:
        level = min(3, level + urgings)
    if level == 0:
        return None
    colour = SUPERVISION_COLOURS[level - 1]
    return Supervision(colour, SUPERVISION_LABELS[colour])


def deadline_badge(case, now=None):
    """(colour, label, remaining, due_at) of the case's running stage, or None."""
    clock = case.current_clock if case.current_clock_id else None
    calendar = None
    if clock is not None and clock.unit == LimitUnit.WORKING_DAYS:
        calendar = page_calendar(case.organisation_id)
    return clock_badge(clock, now or timezone.now(), calendar)


@admin.display(description=gettext_lazy("Deadline"), ordering="current_clock__due_at")
def deadline_column(case):
    """For ``list_display`` of case lists (with ``current_clock`` in list_select_related)."""
    badge = deadline_badge(case)
    if badge is None:
        return "—"
    return format_html(
        '<span class="deadline deadline-{}" title="{}">{}</span>',
        badge.colour,
        badge.title,
        badge.label,
    )


UNIT_TEXT = {
    LimitUnit.MINUTES: lambda n: ngettext("%(n)d minute", "%(n)d minutes", n),
    LimitUnit.HOURS: lambda n: ngettext("%(n)d hour", "%(n)d hours", n),
    LimitUnit.WORKING_DAYS: lambda n: ngettext("%(n)d working day", "%(n)d working days", n),
    LimitUnit.CALENDAR_DAYS: lambda n: ngettext("%(n)d day", "%(n)d days", n),
}


def format_limit(amount, unit):
    """A time limit as text, e.g. "3 working days"."""
    return UNIT_TEXT[LimitUnit(unit)](amount) % {"n": amount}


def matter_time_limit(matter):
    """The resolve limit of a catalogue matter as text (e.g. "3 working days"), or None."""
    return matter_time_limits([matter]).get(matter.pk)


# The public guide states the limit of a request made in person, then where another channel
# or kind of request is governed by a different limit, those too.
GUIDE_CHANNEL = Channel.VISIT


def _resolve_limit(policies, *, kind, channel, matter_id):
    policy = matching_policy(policies, kind=kind, channel=channel, matter_id=matter_id)
    return policy.limit_for(Stage.RESOLVE) if policy is not None else None


def governing_limits(policies, matter_id):
    """(the resolve limit of a request in person, [(labels, limit)] of the channels and
    kinds of request another policy governs differently), from ``policies``, the
    organisation's active ones: the same precedence as a case's (``matching_policy``)."""
    main = _resolve_limit(policies, kind="", channel=GUIDE_CHANNEL, matter_id=matter_id)
    others = {}
    for channel in Channel:
        if channel != GUIDE_CHANNEL:
            limit = _resolve_limit(policies, kind="", channel=channel, matter_id=matter_id)
            if limit and limit != main:
                others.setdefault(limit, []).append(channel.label)
    for kind in Kind:
        limit = _resolve_limit(policies, kind=kind, channel=GUIDE_CHANNEL, matter_id=matter_id)
        if limit and limit != main:
            others.setdefault(limit, []).append(kind.label)
    return main, [(labels, limit) for limit, labels in others.items()]


def matter_time_limits(matters):
    """{matter pk: resolve limit text} for a list of matters, in one query: the limit of the
    policy that governs a request about the matter made in person, followed by those of
    other channels or kinds where a policy sets another (e.g. "3 working days (Letter: 30
    days)"); None where no policy sets one."""
    matters = list(matters)
    if not matters:
        return {}
    policies = list(
        TimeLimitPolicy.objects.filter(
            Q(matter__isnull=True) | Q(matter__in=matters),
            organisation__in={m.organisation_id for m in matters},
            is_active=True,
        ).order_by()
    )
    texts = {}
    for matter in matters:
        own = [p for p in policies if p.organisation_id == matter.organisation_id]
        main, others = governing_limits(own, matter.pk)
        if main is None:
            texts[matter.pk] = None
            continue
        text = format_limit(*main)
        if others:
            variants = pgettext("list of limits", "; ").join(
                _("%(who)s: %(limit)s")
                % {
                    "who": pgettext("list of names", ", ").join(map(str, labels)),
                    "limit": format_limit(*limit),
                }
                for labels, limit in others
            )
            text = _("%(limit)s (%(variants)s)") % {"limit": text, "variants": variants}
        texts[matter.pk] = text
    return texts
