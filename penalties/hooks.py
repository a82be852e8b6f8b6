"""Where the case side meets the ledger: receivers of the case services' signals.

Overdue stages, public complaints and rejected returns become suspected violations; praise
at a callback becomes a commendation. Every signal is sent inside the case service's
transaction, so the ledger rows commit (or roll back) with the case.

The deadline sweep (cases/sweep.py) sends ``stage_alerts_recorded`` with the id of its
run; its receiver turns the run's overdue alerts into suspected violations, so an alert
and its violation are committed (or retried) together. One violation per stage clock,
however many runs see it.
"""

from .services.commendations import commendation_from_praise
from .services.sources import (
    OverdueStage,
    record_overdue_violations,
    violation_from_complaint,
    violation_from_rejected_return,
)

OVERDUE = "overdue"

# What an overdue stage needs of a StageAlert row and its clock. Read as values, not model
# instances: after a downtime a run has thousands of alerts.
ALERT_VALUES = (
    "kind",
    "case_id",
    "clock_id",
    "crossed_at",
    "clock__stage",
    "clock__responsible_id",
    "clock__department_id",
)


def overdue_stages(alerts):
    """OverdueStage items from overdue StageAlert rows, as ``values(*ALERT_VALUES)``."""
    return [
        OverdueStage(
            case_id=alert["case_id"],
            stage=alert["clock__stage"],
            key=f"clock:{alert['clock_id']}",
            due_at=alert["crossed_at"],
            staff_id=alert["clock__responsible_id"],
            department_id=alert["clock__department_id"],
        )
        for alert in alerts
        if alert["kind"] == OVERDUE
    ]


def record_sweep_overdue(sender, *, sweep_run, now, **kwargs):
    """Receiver of ``cases.sweep.stage_alerts_recorded``; ``sender`` is the StageAlert model.

    One read of the run's overdue alerts with their clocks, then one bulk recording.
    """
    alerts = (
        sender.objects.filter(sweep_run=sweep_run, kind=OVERDUE).order_by().values(*ALERT_VALUES)
    )
    return record_overdue_violations(overdue=overdue_stages(alerts), now=now)


def record_complaint(sender, *, case, at, **kwargs):
    """Receiver of ``cases.signals.complaint_registered``."""
    return violation_from_complaint(case, at=at)


def record_rejected_return(sender, *, transfer, by, at, **kwargs):
    """Receiver of ``cases.signals.return_rejected``."""
    return violation_from_rejected_return(transfer, by=by, at=at)


def record_praise(sender, *, callback, **kwargs):
    """Receiver of ``cases.signals.callback_recorded``."""
    return commendation_from_praise(callback)
