"""A per-process cache of an organisation's rarely changing rows, checked on every use."""

import threading

from django.apps import apps
from django.db import connection, transaction


class StampedCache:
    """A per-process cache of an organisation's rows that rarely change (its time-limit
    policies, its departments, its working calendar), checked against the database on
    every use.

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

    ``organisation_fields`` adds columns of the organisation's own row to the stamp: their
    values, so that even an ``update()`` of them is seen, and the number and newest id of
    the organisation's history rows, which only grow, so that a value changed and changed
    back while a lookup was loading cannot bring back the stamp the load was filed under.

    What a lookup loads is kept only once its transaction has committed: on SQLite a
    rolled-back transaction hands the same ids out again, to different rows.

    Values are kept as loaded and shared; hand callers ``fresh`` copies of model instances.
    """

    def __init__(self, *models, organisation_fields=()):
        self.models = models  # "app_label.Model": resolved on first use
        self.organisation_fields = tuple(organisation_fields)
        self._entries = {}  # organisation id -> (stamp, {key: value})
        self._lock = threading.Lock()
        self._sql = {}  # vendor -> (SQL, number of parameters)

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
        compiled = self._sql.get(connection.vendor)
        if compiled is None:
            compiled = self._sql[connection.vendor] = self._stamp_sql()
        sql, parameters = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [organisation_id] * parameters)
            return cursor.fetchone()

    def _stamp_sql(self):
        # Plain SQL: compiling the same aggregates through the ORM would cost more than
        # the query it saves.
        quote = connection.ops.quote_name

        def counted(table, column):
            where = f"FROM {quote(table._meta.db_table)} WHERE {quote(column)} = %s"
            pk = quote(table._meta.pk.column)
            return [f"(SELECT COUNT(*) {where})", f"(SELECT MAX({pk}) {where})"]

        parts = []
        for model in map(apps.get_model, self.models):
            for table in (model, model.history.model):
                parts += counted(table, table._meta.get_field("organisation").column)
        if self.organisation_fields:
            organisation = apps.get_model("departments.Organisation")
            pk = organisation._meta.pk.column
            where = f"FROM {quote(organisation._meta.db_table)} WHERE {quote(pk)} = %s"
            for name in self.organisation_fields:
                column = quote(organisation._meta.get_field(name).column)
                parts.append(f"(SELECT {column} {where})")
            # The history table keeps the organisation's id in a plain column of that name.
            parts += counted(organisation.history.model, pk)
        # Each part compares one column with the organisation's id: one parameter each.
        return f"SELECT {', '.join(parts)}", len(parts)


def fresh(instance):
    """An unshared copy of a model instance kept in a StampedCache (None stays None)."""
    if instance is None:
        return None
    names = [field.attname for field in instance._meta.concrete_fields]
    return type(instance).from_db(
        instance._state.db, names, [getattr(instance, name) for name in names]
    )
