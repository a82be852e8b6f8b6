"""The accountability side of the deadline sweep (cases/sweep.py).

The sweep sends ``stage_alerts_recorded`` inside its transaction with the id of its run;
this receiver turns the run's overdue alerts into suspected violations in the same
transaction, so an alert and its violation are committed (or retried) together. One
violation per stage clock, however many runs see it.
"""

from .services.intake import OverdueStage, record_overdue_violations

OVERDUE = "overdue"


def overdue_stages(alerts):
    """OverdueStage items from overdue StageAlert rows (with their clocks)."""
    return [
        OverdueStage(
            case_id=alert.case_id,
            stage=alert.clock.stage,
            key=f"clock:{alert.clock_id}",
            due_at=alert.crossed_at,
            staff_id=alert.clock.responsible_id,
            department_id=alert.clock.department_id,
        )
        for alert in alerts
        if alert.kind == OVERDUE
    ]


def record_sweep_overdue(sender, *, sweep_run, now, **kwargs):
    """Receiver of ``cases.sweep.stage_alerts_recorded``; ``sender`` is the StageAlert model."""
    alerts = sender.objects.filter(sweep_run=sweep_run, kind=OVERDUE).select_related("clock")
    return record_overdue_violations(overdue=overdue_stages(alerts), now=now)
