"""Business rules of time limits: which policy applies, when a stage is due, when it warns,
how a pause moves a deadline and how far an extension may go.

Plain functions of policies, a WorkCalendar and moments: no clock is read here, and only
``policy_for`` touches the database (through ``StampedCache``, one small query).
"""

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import connection, transaction

from departments.workcalendar import Unit, WorkCalendar

from .choices import Stage


class StampedCache:
    """A per-process cache of an organisation's rows that rarely change (its time-limit
    policies, its departments), checked against the database on every use.

    Web servers and workers are separate processes, and the default cache (local memory)
    is per process too, so neither a signal nor a version key in Django's cache reaches
    the other processes. Every lookup instead reads, in one small query, a stamp of the
    organisation's rows in the watched tables and in their history tables: how many there
    are and the newest id. Saving or deleting through the models (the admin, presets,
    services) adds a history row, a bulk insert adds rows, so the stamp changes and the
    next lookup loads again. The number as well as the newest id: on PostgreSQL ids are
    handed out when a row is written, so a transaction that commits late can add a row
    below the newest id. Changes that bypass the models and their history
    (``QuerySet.update()``, raw SQL) are not seen; firstask never writes these tables so.

    What a lookup loads is kept only once its transaction has committed: on SQLite a
    rolled-back transaction hands the same ids out again, to different rows.

    Values are kept as loaded and shared; hand callers ``fresh`` copies of model instances.
    """

    def __init__(self, *models):
        self.models = models  # "app_label.Model": resolved on first use
        self._entries = {}  # organisation id -> (stamp, {key: value})
        self._lock = threading.Lock()
        self._sql = {}

    def get(self, organisation_id, key, load):
        """The value under ``key`` for the organisation, from ``load()`` when not kept."""
        stamp = self._stamp(organisation_id)
        entry = self._entries.get(organisation_id)
        if entry is not None and entry[0] == stamp and key in entry[1]:
            return entry[1][key]
        value = load()
        transaction.on_commit(lambda: self._keep(organisation_id, stamp, key, value))
        return value

    def clear(self):
        with self._lock:
            self._entries.clear()

    def _keep(self, organisation_id, stamp, key, value):
        if connection.in_atomic_block:
            # Not a real commit: a test running the callbacks of a transaction it will
            # roll back (django_capture_on_commit_callbacks).
            return
        with self._lock:
            entry = self._entries.get(organisation_id)
            values = dict(entry[1]) if entry is not None and entry[0] == stamp else {}
            values[key] = value
            self._entries[organisation_id] = (stamp, values)

    def _stamp(self, organisation_id):
        sql = self._sql.get(connection.vendor)
        if sql is None:
            sql = self._sql[connection.vendor] = self._stamp_sql()
        with connection.cursor() as cursor:
            # Four numbers per model: its rows and its history rows, counted and newest.
            cursor.execute(sql, [organisation_id] * (4 * len(self.models)))
            return cursor.fetchone()

    def _stamp_sql(self):
        # Plain SQL: compiling the same aggregates through the ORM would cost more than
        # the query it saves.
        quote = connection.ops.quote_name
        parts = []
        for model in map(apps.get_model, self.models):
            for table in (model, model.history.model):
                name = quote(table._meta.db_table)
                organisation = quote(table._meta.get_field("organisation").column)
                pk = quote(table._meta.pk.column)
                where = f"FROM {name} WHERE {organisation} = %s"
                parts += [f"(SELECT COUNT(*) {where})", f"(SELECT MAX({pk}) {where})"]
        return f"SELECT {', '.join(parts)}"


def fresh(instance):
    """An unshared copy of a model instance kept in a StampedCache (None stays None)."""
    if instance is None:
        return None
    names = [field.attname for field in instance._meta.concrete_fields]
    return type(instance).from_db(
        instance._state.db, names, [getattr(instance, name) for name in names]
    )


def _specificity(policy):
    # A matter is the narrowest criterion, then the kind of case, then the channel.
    return 4 * (policy.matter_id is not None) + 2 * bool(policy.kind) + bool(policy.channel)


def matching_policy(policies, *, kind, channel, matter_id):
    """The most specific policy whose criteria all fit the case, or None."""
    fitting = [
        p
        for p in policies
        if p.kind in ("", kind) and p.channel in ("", channel) and p.matter_id in (None, matter_id)
    ]
    return max(fitting, key=_specificity, default=None)


_policies = StampedCache("cases.TimeLimitPolicy")


def active_policies(organisation_id):
    """The organisation's active policies, kept per process: change none of them."""
    from .models import TimeLimitPolicy

    return _policies.get(
        organisation_id,
        "active",
        # No ordering: the model's default joins organisations and matters to sort, and
        # matching_policy needs none (the constraints allow no two equally specific).
        lambda: tuple(
            TimeLimitPolicy.objects.filter(organisation=organisation_id, is_active=True).order_by()
        ),
    )


def policy_for(case):
    """The active policy of the case's organisation that fits it best (one small query)."""
    policy = matching_policy(
        active_policies(case.organisation_id),
        kind=case.kind,
        channel=case.channel,
        matter_id=case.matter_id,
    )
    return fresh(policy)


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    warn_at: datetime


def warning_point(calendar: WorkCalendar, start, due, unit, share):
    """The moment ``share`` percent of the limit from ``start`` to ``due`` has gone.

    Limits in working days are measured in office time, so that a warning never falls on
    a night or a holiday; the other units are wall-clock time.
    """
    if Unit(unit) == Unit.WORKING_DAYS:
        span = calendar.working_time_between(start, due)
        if span <= timedelta(0):
            return due
        return calendar.add_working_time(start, span * share / 100)
    return start + (due - start) * share / 100


def stage_deadline(calendar: WorkCalendar, start, amount, unit, share) -> Deadline:
    due = calendar.deadline(start, amount, unit)
    return Deadline(due_at=due, warn_at=warning_point(calendar, start, due, unit, share))


def paused_time(calendar: WorkCalendar, unit, start, end) -> timedelta:
    """How far a pause from ``start`` to ``end`` moves a deadline in ``unit``.

    Working-day limits move by the office time that passed (a pause over a weekend costs
    nothing); limits in minutes, hours or calendar days by the wall-clock time.
    """
    if end <= start:
        return timedelta(0)
    if Unit(unit) == Unit.WORKING_DAYS:
        return calendar.working_time_between(start, end)
    return end - start


def moved(calendar: WorkCalendar, unit, moment, by: timedelta):
    """``moment`` moved later by ``by`` (office time for working-day limits)."""
    if moment is None or not by:
        return moment
    if Unit(unit) == Unit.WORKING_DAYS:
        return calendar.add_working_time(moment, by)
    return moment + by


def latest_extension(calendar: WorkCalendar, limit_due_at, max_extension):
    """The latest deadline an extension may set, or None when the policy sets no maximum.

    Measured from the deadline the limit gives (pauses included), so that several
    extensions together cannot exceed the maximum either.
    """
    if max_extension is None or limit_due_at is None:
        return None
    amount, unit = max_extension
    return calendar.deadline(limit_due_at, amount, unit)


def stage_limit(policy, stage, *, joint=False):
    """(amount, unit) for the stage under ``policy``; None without a policy or a limit."""
    if policy is None:
        return None
    return policy.limit_for(Stage(stage), joint=joint)
