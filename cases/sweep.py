"""The deadline sweep: mark every running stage that crossed its warning point or deadline.

State-based and idempotent: a stage crossed a threshold when its stored moment is in the
past, whenever the sweep looks; each (stage clock, kind) gets exactly one StageAlert, which
a unique constraint guarantees for any number of runs, at once or after a downtime. The
cost is a fixed number of statements whatever the number of cases: two INSERT … SELECT
through the partial indexes of stage clocks, one UPDATE, one INSERT … SELECT of the
timeline lines and two small reads (counts, people to tell). Only what this run inserted
is notified.
"""

import operator
import uuid
from dataclasses import asdict, dataclass
from functools import reduce

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case as Choose
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    UUIDField,
    Value,
    When,
)
from django.dispatch import Signal
from django.utils import translation

from firstask.heartbeat import beat
from firstask.queue import enqueue_many_on_commit

from .choices import AlertKind, EventAction, Stage
from .models import Case, CaseEvent, StageAlert, StageClock
from .models.clock import OVERDUE_PENDING, WARNING_PENDING

# Sent inside the sweep's transaction with the run id: receivers (violations) read this
# run's StageAlert rows and write their own records in the same transaction.
stage_alerts_recorded = Signal()

# kind: (threshold column, bookkeeping column, pending condition, timeline action)
KINDS = {
    AlertKind.WARNING: ("warn_at", "warned_at", WARNING_PENDING, EventAction.WARNING),
    AlertKind.OVERDUE: ("due_at", "overdue_at", OVERDUE_PENDING, EventAction.OVERDUE),
}


@dataclass
class SweepResult:
    run: str
    warnings: int
    overdue: int
    notified: int

    def as_dict(self):
        return asdict(self)


def _insert_alerts(kind, now, run):
    """INSERT … SELECT … ON CONFLICT DO NOTHING: the constraint, not timing, keeps it single.

    The SELECT is compiled from the pending condition of clock.py (WARNING_PENDING,
    OVERDUE_PENDING), the one definition the partial indexes and ``_mark`` use too.
    Ordered by clock so that two sweeps at once take the unique-index entries in the same
    order and one waits for the other instead of deadlocking.
    """
    threshold, _marked, pending, _action = KINDS[kind]
    crossed = (
        StageClock.objects.filter(pending, **{f"{threshold}__lte": now})
        .order_by("pk")
        .values_list(
            "pk",
            "case_id",
            Value(kind, output_field=CharField()),
            F(threshold),
            Value(now, output_field=DateTimeField()),
            Value(run, output_field=UUIDField()),
        )
    )
    select, params = crossed.query.get_compiler(connection=connection).as_sql()
    table = connection.ops.quote_name(StageAlert._meta.db_table)
    sql = f"""
        INSERT INTO {table} (clock_id, case_id, kind, crossed_at, recorded_at, sweep_run)
        {select}
        ON CONFLICT DO NOTHING"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _mark(now):
    """Mark the crossed clocks that have their alert, from this run or an earlier one.

    Both kinds in one UPDATE: after a downtime a clock has often crossed both, and each row
    written costs a new entry in every index of the table.
    """
    crossed = {
        kind: Q(pending, **{f"{threshold}__lte": now})
        for kind, (threshold, _marked, pending, _action) in KINDS.items()
    }
    StageClock.objects.filter(reduce(operator.or_, crossed.values())).update(
        **{
            marked: Choose(
                When(crossed[kind] & _has_alert(kind), then=Value(now)),
                default=F(marked),
            )
            for kind, (_threshold, marked, _pending, _action) in KINDS.items()
        }
    )


def _has_alert(kind):
    return Exists(StageAlert.objects.filter(clock=OuterRef("pk"), kind=kind))


def _record_timeline(run):
    """One timeline line per alert of this run, written by the database in one statement."""
    event, alert, clock, case = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (CaseEvent, StageAlert, StageClock, Case)
    )
    with translation.override(settings.LANGUAGE_CODE):  # the note: the stage, as the UI says
        stages = [(stage.value, str(stage.label)) for stage in Stage]
    stage_label = " ".join("WHEN %s THEN %s" for _stage in stages)
    sql = f"""
        INSERT INTO {event} (case_id, at, action, from_state, to_state, department_id, note)
        SELECT a.case_id, a.crossed_at, CASE a.kind WHEN %s THEN %s ELSE %s END,
            c.state, c.state, k.department_id, CASE k.stage {stage_label} ELSE '' END
        FROM {alert} a
            JOIN {clock} k ON k.id = a.clock_id
            JOIN {case} c ON c.id = a.case_id
        WHERE a.sweep_run = %s
        ORDER BY a.id"""
    params = [
        AlertKind.WARNING.value,
        EventAction.WARNING.value,
        EventAction.OVERDUE.value,
        *(value for pair in stages for value in pair),
        StageAlert._meta.get_field("sweep_run").get_db_prep_value(run, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def sweep(now):
    """Record and notify every stage that crossed a threshold by ``now``."""
    run = uuid.uuid4()
    with transaction.atomic():
        for kind in KINDS:
            _insert_alerts(kind, now, run)
        _mark(now)
        _record_timeline(run)
        recorded = StageAlert.objects.filter(sweep_run=run).order_by()
        counts = dict(recorded.values_list("kind").annotate(n=Count("pk")))
        people = recorded.values_list("clock__responsible", "clock__department__head").distinct()
        recipients = {staff for pair in people for staff in pair if staff is not None}
        _queue_digests(run, recipients)
        stage_alerts_recorded.send(sender=StageAlert, sweep_run=run, now=now)
        beat("deadline_sweep", now)
    return SweepResult(
        str(run),
        counts.get(AlertKind.WARNING, 0),
        counts.get(AlertKind.OVERDUE, 0),
        len(recipients),
    )


def _queue_digests(run, recipients):
    """Outbox rows in the sweep's transaction: committed alerts always get their digests."""
    from .tasks import send_deadline_alerts

    enqueue_many_on_commit(
        send_deadline_alerts, [(str(run), staff) for staff in sorted(recipients)]
    )
