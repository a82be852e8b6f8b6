"""Which organisations take part in the periodic tasks.

The periodic tasks (cases/timelimits/schedule.py, "Periodic tasks" in the admin) are
installation-wide
and belong to the platform operator. An organisation switches its own part in each sweep on
or off on its organisation page; a sweep run for all organisations leaves out those that
switched it off, and the others are processed as before.
"""

from django.db.models import QuerySet

from .models import Organisation

DEADLINE_SWEEP = "runs_deadline_sweep"
ACCOUNTABILITY_SWEEP = "runs_accountability_sweep"
ASSESSMENTS = "runs_assessments"
SWITCHES = (DEADLINE_SWEEP, ACCOUNTABILITY_SWEEP, ASSESSMENTS)


def taking_part(switch: str) -> QuerySet[Organisation]:
    """The organisations whose ``switch`` is on."""
    if switch not in SWITCHES:
        raise ValueError(f"Unknown schedule switch {switch!r}")
    return Organisation.objects.filter(**{switch: True})


def switched_off(switch: str) -> list[int]:
    """The ids of the organisations that switched ``switch`` off (usually none)."""
    if switch not in SWITCHES:
        raise ValueError(f"Unknown schedule switch {switch!r}")
    return list(Organisation.objects.filter(**{switch: False}).values_list("pk", flat=True))
