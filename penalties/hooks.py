"""Where the case side meets the ledger: receivers of the case services' signals.

Overdue stages, public complaints and rejected returns become suspected violations; praise
at a callback becomes a commendation; merged cases make their complaints one thread of
repeated complaints. Every signal is sent inside the case service's transaction, so the
ledger rows commit (or roll back) with the case.

The deadline sweep (cases/timelimits/sweep.py) sends ``stage_alerts_recorded`` with the id of its
run; its receiver turns the run's overdue alerts into suspected violations, so an alert
and its violation are committed (or retried) together. One violation per stage clock,
however many runs see it.
"""

from cases.choices import AlertKind
from cases.models import StageAlert

from .metrics import daily
from .models import Penalty
from .services import repeats
from .services.commendations import commendation_from_praise
from .services.sources import (
    record_overdue_violations,
    violation_from_complaint,
    violation_from_rejected_return,
)


def record_sweep_overdue(sender, *, sweep_run, now, **kwargs):
    """Receiver of ``cases.timelimits.sweep.stage_alerts_recorded``: the stages of the run's
    overdue alerts become suspected violations, in one set of statements (from the alerts,
    which carry what is needed of their clocks)."""
    alerts = StageAlert.objects.filter(sweep_run=sweep_run, recorded_at=now, kind=AlertKind.OVERDUE)
    return record_overdue_violations(clocks=alerts, now=now)


def record_complaint(sender, *, case, at, **kwargs):
    """Receiver of ``cases.signals.complaint_registered``."""
    return violation_from_complaint(case, at=at)


def link_merged_complaints(sender, *, main, by, at, **kwargs):
    """Receiver of ``cases.signals.case_merged``: complaints about merged cases are one
    thread of repeated complaints."""
    return repeats.link_merged_complaints(main=main, at=at, user=by)


def record_rejected_return(sender, *, transfer, by, at, **kwargs):
    """Receiver of ``cases.signals.return_rejected``."""
    return violation_from_rejected_return(transfer, by=by, at=at)


def record_praise(sender, *, callback, **kwargs):
    """Receiver of ``cases.signals.callback_recorded``."""
    return commendation_from_praise(callback)


def touch_case_days(sender, *, events, **kwargs):
    """Receiver of ``cases.signals.case_events_recorded``: the days the changed cases'
    numbers sit on are counted again (penalties.metrics.daily)."""
    daily.touch_cases({event.case_id for event in events})


def touch_ledger_day(sender, *, instance, **kwargs):
    """Receiver of ``post_save`` of violations, ledger lines and commendations: their day
    (and a revoked line's) is counted again."""
    moments = [getattr(instance, "substantiated_at", None), getattr(instance, "at", None)]
    revoked = getattr(instance, "revokes", None) if isinstance(instance, Penalty) else None
    if revoked is not None:
        moments.append(revoked.at)
    daily.touch(instance.organisation_id, moments)
