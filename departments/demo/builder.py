"""Writes the demo organisation in one transaction and reports what it created."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .catalogue import ensure_agencies, ensure_matters
from .logins import demo_logins
from .people import DemoPassword, ensure_platform_user, ensure_staff
from .recorder import Recorder
from .roster import ensure_roster
from .rules import ensure_penalty_rules, ensure_time_limits
from .structure import ensure_departments, ensure_organisation, fill_department_links


@dataclass
class DemoResult:
    organisation: object
    created: dict = field(default_factory=dict)  # model -> number of rows created
    logins: list = field(default_factory=list)


def build_demo(password, today=None):
    """Create whatever part of the demo is missing; existing rows are never changed.

    ``today`` picks the roster month (the current one by default).
    """
    password = DemoPassword(password)
    recorder = Recorder()
    with transaction.atomic():
        organisation = ensure_organisation(recorder)
        departments = ensure_departments(organisation, recorder)
        staff = ensure_staff(organisation, departments, password, recorder)
        fill_department_links(departments, staff, recorder)
        ensure_matters(organisation, departments, recorder)
        ensure_agencies(organisation, recorder)
        ensure_roster(organisation, departments, staff, recorder, today or timezone.localdate())
        ensure_time_limits(organisation, recorder)
        ensure_penalty_rules(organisation, recorder)
        ensure_platform_user(password, recorder)
    return DemoResult(organisation, dict(recorder.created), demo_logins(password))
