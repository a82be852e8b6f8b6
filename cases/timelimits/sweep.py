"""The deadline sweep: alert every running stage that crossed its warning point or deadline.

State-based and idempotent: a stage crossed a threshold when its stored moment is in the
past, whenever the sweep looks; each (stage clock, kind) gets exactly one StageAlert, which
a unique constraint guarantees for any number of runs, at once or after a downtime. The
alerts are the sweep's only bookkeeping: it never rewrites a clock. The cost is a fixed
number of statements whatever the number of cases: two INSERT … SELECT through the partial
indexes of stage clocks (leaving out the clocks alerted before), one INSERT … SELECT of the
timeline lines and two small reads (counts, people to tell). Only what this run inserted
is notified.

At city scale (10M cases, 100,000 stages crossing after a downtime) what costs is reading
and locking rows of the two largest tables at random, so the sweep reads no clock row: the
running clocks are scanned from covering indexes, each alert carries what the later
statements need of its clock (stage, department, person), and its rows are not checked
against clocks and cases by the database at commit (check_consistency does).
"""

import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.dispatch import Signal
from django.utils import translation

from departments.schedules import DEADLINE_SWEEP, switched_off
from firstask.bulk import choice_label, insert_from, mapped
from firstask.heartbeat import beat
from firstask.queue import enqueue_many_on_commit

from ..choices import AlertKind, EventAction, Stage
from ..models import CaseEvent, StageAlert, StageClock
from ..models.clock import OVERDUE_PENDING, WARNING_PENDING, past_due, past_warning

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_DEADLINE_ALERTS = "cases.tasks.send_deadline_alerts"

# Sent inside the sweep's transaction with the run id: receivers (violations) read this
# run's StageAlert rows and write their own records in the same transaction.
stage_alerts_recorded = Signal()

# The transaction lock that keeps sweeps one after another (any constant of the site's).
SWEEP_LOCK = 0x5EE9
SWEEP_WORK_MEM = "64MB"

# kind: (threshold column, running-stage condition, crossed at now, timeline action); a
# stage crosses as ``StageClock.status_at`` says (overdue only once past ``due_at``).
KINDS = {
    AlertKind.WARNING: ("warn_at", WARNING_PENDING, past_warning, EventAction.WARNING),
    AlertKind.OVERDUE: ("due_at", OVERDUE_PENDING, past_due, EventAction.OVERDUE),
}


@dataclass
class SweepResult:
    run: str
    warnings: int
    overdue: int
    notified: int

    def as_dict(self):
        return asdict(self)


def _insert_alerts(kind, now, run, skipped=()):
    """The alerts of the running stages that crossed the threshold and have none yet.

    INSERT … SELECT … ON CONFLICT DO NOTHING: the unique constraint, not timing, keeps each
    single (a concurrent run's alert, committed while this one waited, wins). The SELECT is
    compiled from the running-stage condition of clock.py, the one the partial indexes hold.
    Ordered by clock so that two sweeps at once take the unique-index entries in the same
    order and one waits for the other instead of deadlocking. The stages of the
    organisations in ``skipped`` (that switched the sweep off) are left for a later run.
    """
    threshold, running, crossed_at, _action = KINDS[kind]
    # An alert is recorded once its threshold, which follows the clock's start, is past
    # (a clock's start is never moved): bounded by it, each running clock looks for its
    # alert in the partitions (by month of ``recorded_at``) from its start on, not in all.
    alerted = StageAlert.objects.filter(
        clock=OuterRef("pk"), kind=kind, recorded_at__gte=OuterRef("started_at")
    )
    crossed = StageClock.objects.filter(running, ~Exists(alerted), crossed_at(now))
    if skipped:
        crossed = crossed.exclude(case__organisation__in=skipped)
    insert_from(
        StageAlert,
        crossed.order_by("pk"),
        {
            "clock": F("pk"),
            "case": F("case"),
            "stage": F("stage"),
            "department": F("department"),
            "responsible": F("responsible"),
            "kind": kind,
            "crossed_at": F(threshold),
            "recorded_at": now,
            "sweep_run": run,
        },
        skip_conflicts=True,
    )


def _record_timeline(run, now):
    """One timeline line per alert of this run, made by the database in one statement; the
    note names the stage as the interface does."""
    with translation.override(settings.LANGUAGE_CODE):
        stage = choice_label("stage", Stage.choices)
    insert_from(
        CaseEvent,
        StageAlert.objects.filter(sweep_run=run, recorded_at=now).order_by("pk"),
        {
            "case": F("case"),
            "at": F("crossed_at"),
            "action": mapped("kind", {kind: action for kind, (*_, action) in KINDS.items()}),
            "from_state": F("case__state"),
            "to_state": F("case__state"),
            "department": F("department"),
            "note": stage,
        },
    )


def _one_run_at_a_time():
    """On PostgreSQL the stage alerts are partitioned by ``recorded_at`` (cases migration
    0006), so their unique index is (clock, kind, recorded_at) and two runs at once, each
    with its own ``now``, could both alert a clock: runs take this transaction lock and
    follow one another, each seeing the alerts of the one before. In the same statement the
    run's sorts get the memory to stay off disk (a downtime's 100,000s of alerts spill past
    the default 4 MB), for this transaction only (safe behind PgBouncer)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), set_config('work_mem', %s, true)",
                [SWEEP_LOCK, SWEEP_WORK_MEM],
            )


def sweep(now):
    """Record and notify every stage that crossed a threshold by ``now``, except in the
    organisations that switched the deadline sweep off."""
    run = uuid.uuid4()
    skipped = switched_off(DEADLINE_SWEEP)
    with transaction.atomic():
        _one_run_at_a_time()
        for kind in KINDS:
            _insert_alerts(kind, now, run, skipped)
        _record_timeline(run, now)
        recorded = StageAlert.objects.filter(sweep_run=run, recorded_at=now).order_by()
        counts = dict(recorded.values_list("kind").annotate(n=Count("pk")))
        people = recorded.values_list("responsible", "department__head").distinct()
        recipients = {staff for pair in people for staff in pair if staff is not None}
        _queue_digests(run, now, recipients)
        stage_alerts_recorded.send(sender=StageAlert, sweep_run=run, now=now)
        beat("deadline_sweep", now)
    return SweepResult(
        str(run),
        counts.get(AlertKind.WARNING, 0),
        counts.get(AlertKind.OVERDUE, 0),
        len(recipients),
    )


def _queue_digests(run, now, recipients):
    """Outbox rows in the sweep's transaction: committed alerts always get their digests
    (with the run's time, which finds its alerts' partition)."""
    enqueue_many_on_commit(
        SEND_DEADLINE_ALERTS,
        [(str(run), staff, now.isoformat()) for staff in sorted(recipients)],
    )
