"""Writes the demo organisation in one transaction and reports what it created."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from firstask.queue import notices_held_back
from penalties.services.assessments import assess_period, unassessed_periods

from .cases import ensure_cases
from .catalogue import ensure_agencies, ensure_matters
from .logins import demo_logins
from .people import DemoPassword, ensure_authenticators, ensure_platform_user, ensure_staff
from .recorder import Recorder
from .roster import ensure_roster
from .rules import ensure_penalty_rules, ensure_time_limits
from .structure import ensure_departments, ensure_organisation, fill_department_links


@dataclass
class DemoResult:
    organisation: object
    created: dict = field(default_factory=dict)  # model -> number of rows created
    logins: list = field(default_factory=list)


def build_demo(password, today=None, now=None):
    """Create whatever part of the demo is missing; existing rows are never changed.

    ``today`` picks the roster month (the current one by default). The demo cases happened
    in the weeks before ``now`` (the current moment; noon of ``today`` when only a
    different ``today`` is given).
    """
    now, today = _moment(today, now)
    password = DemoPassword(password)
    recorder = Recorder()
    # The demo's cases happened in the past: nobody is to be told about them now.
    with transaction.atomic(), notices_held_back():
        organisation = ensure_organisation(recorder)
        departments = ensure_departments(organisation, recorder)
        staff = ensure_staff(organisation, departments, password, recorder)
        fill_department_links(departments, staff, recorder)
        ensure_matters(organisation, departments, recorder)
        ensure_agencies(organisation, recorder)
        ensure_roster(organisation, departments, staff, recorder, today)
        ensure_time_limits(organisation, recorder)
        ensure_penalty_rules(organisation, recorder)
        ensure_cases(organisation, departments, recorder, now)
        platform = ensure_platform_user(password, recorder)
        ensure_authenticators([member.user for member in staff.values()] + [platform], recorder)
        assess_closed_periods(organisation, now)
    return DemoResult(organisation, dict(recorder.created), demo_logins(password))


def assess_closed_periods(organisation, now):
    """Assess the demo's closed months and quarters as the beat's sweep would at its
    first run, so their rankings read as final before any worker has started."""
    for period in unassessed_periods(organisation, now):
        assess_period(organisation=organisation, period=period, now=now, unless_final=True)


def _moment(today, now):
    """(now, today) of the demo: the current ones unless given."""
    if now is not None:
        return now, today or timezone.localdate(now)
    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        return now, timezone.localdate(now)
    return dt.datetime.combine(today, dt.time(12), tzinfo=timezone.get_current_timezone()), today
