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
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..choices import LimitUnit, Stage
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


def clock_badge(clock, now):
    """The badge of one stage clock at ``now``; None when it has no deadline or has ended."""
    status = clock.status_at(now) if clock is not None else None
    if status is None:
        return None
    if status == ClockStatus.PAUSED:
        return Badge("grey", _("Waiting for materials"), None, clock.due_at)
    remaining = clock.due_at - now
    if status == ClockStatus.OVERDUE:
        label = _("Overdue by %(time)s") % {"time": timesince(clock.due_at, now, depth=2)}
        return Badge("red", label, remaining, clock.due_at)
    colour = "yellow" if status == ClockStatus.WARNING else "green"
    label = _("%(time)s left") % {"time": timeuntil(clock.due_at, now, depth=2)}
    return Badge(colour, label, remaining, clock.due_at)


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
    return clock_badge(clock, now or timezone.now())


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


def matter_time_limits(matters):
    """{matter pk: resolve limit text} for a list of matters, in one query."""

    matters = list(matters)
    if not matters:
        return {}
    # Without a kind or channel: the limit that applies to the matter as such.
    policies = list(
        TimeLimitPolicy.objects.filter(
            Q(matter__isnull=True) | Q(matter__in=matters),
            organisation__in={m.organisation_id for m in matters},
            is_active=True,
            kind="",
            channel="",
        )
    )
    texts = {}
    for matter in matters:
        own = [p for p in policies if p.organisation_id == matter.organisation_id]
        policy = matching_policy(own, kind="", channel="", matter_id=matter.pk)
        limit = policy.limit_for(Stage.RESOLVE) if policy is not None else None
        texts[matter.pk] = format_limit(*limit) if limit else None
    return texts
