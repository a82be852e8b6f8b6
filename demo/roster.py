"""A month of duty rosters (值班表), from the first day of the current month.

Every slot is filled at most once: a slot someone already staffed (or re-staffed in the
admin) is left alone, so re-running in the same month adds nothing.
"""

import calendar
import datetime as dt
from typing import NamedTuple

from departments.models import DutyRoster, Staff
from departments.models.roster import DutyRole, Shift

from .data_organisation import DEPARTMENTS
from .data_staff import OVERALL_DUTY_BADGES
from .workdays import days_off


class Slot(NamedTuple):
    date: dt.date
    shift: str
    role: str
    department: object  # None: the member's own department (overall duty)
    candidates: list  # staff in rotation order; the first one free takes the slot


def month_of(today):
    first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def _turn(people, day, offset=0):
    """People rotated by the date, so rotation runs on smoothly from month to month."""
    if not people:
        return []
    start = (day.toordinal() + offset) % len(people)
    return people[start:] + people[:start]


def plan(first, last, off, reception, duty_teams, leaders):
    """The slots to staff; ``reception`` and ``duty_teams`` map a department to its staff."""
    day = first
    while day <= last:
        # The centre keeps the window open at weekends too (周末不打烊), so the public
        # on-duty board always names a first-inquiry person during opening hours.
        for department, team in reception.items():
            yield Slot(day, Shift.DAY, DutyRole.RECEPTION, department, _turn(team, day))
        if day not in off:
            for department, team in duty_teams.items():
                yield Slot(day, Shift.DAY, DutyRole.DEPARTMENT, department, _turn(team, day))
        yield Slot(day, Shift.NIGHT, DutyRole.OVERALL, None, _turn(leaders, day))
        if day in off:
            # Offset by half the rota so the holiday leader is not also that night's one.
            offset = len(leaders) // 2
            yield Slot(day, Shift.HOLIDAY, DutyRole.OVERALL, None, _turn(leaders, day, offset))
        day += dt.timedelta(days=1)


def _slot_key(date, shift, role, department_id):
    # One overall-duty leader per shift, whatever department they sit in.
    return (date, shift, role, None if role == DutyRole.OVERALL else department_id)


def _team(department):
    return list(
        Staff.objects.filter(department=department, is_active=True)
        .select_related("department")
        .order_by("badge_number")
    )


def ensure_roster(organisation, departments, staff, recorder, today):
    first, last = month_of(today)
    reception = departments[next(row.key for row in DEPARTMENTS if row.is_reception_window)]
    duty_teams = {
        departments[row.key]: _team(departments[row.key])
        for row in DEPARTMENTS
        if row.has_department_duty
    }
    leaders = [
        staff[badge] for badge in OVERALL_DUTY_BADGES if badge in staff and staff[badge].is_active
    ]
    existing = list(
        DutyRoster.objects.for_organisation(organisation).filter(date__range=(first, last))
    )
    filled = {_slot_key(e.date, e.shift, e.role, e.department_id) for e in existing}
    busy = {(e.staff_id, e.date, e.shift) for e in existing}

    slots = plan(
        first,
        last,
        days_off(organisation, first, last),
        {reception: _team(reception)},
        duty_teams,
        leaders,
    )
    for slot in slots:
        department_id = slot.department.pk if slot.department else None
        if _slot_key(slot.date, slot.shift, slot.role, department_id) in filled:
            continue
        member = next(
            (m for m in slot.candidates if (m.pk, slot.date, slot.shift) not in busy), None
        )
        if member is None:
            continue
        # Built only from rows just read, and ``busy`` keeps one shift per person, so the
        # per-row validation queries (about two thirds of the command's time) buy nothing.
        recorder.create(
            DutyRoster,
            validate=False,
            organisation=organisation,
            staff=member,
            department=slot.department or member.department,
            date=slot.date,
            shift=slot.shift,
            role=slot.role,
        )
        busy.add((member.pk, slot.date, slot.shift))
