"""Range partitions of the tables that grow with every action (PostgreSQL only).

Timelines, the big history tables, stage alerts and the outbox are ``PARTITION BY RANGE``
of their time column, one partition a month (or a year for the smaller history tables),
named ``<table>_p2026_12`` (``<table>_p2026``), plus ``<table>_default`` for any row no
partition takes (a far past or future time, or a month nobody created ahead): an insert
never fails for want of a partition.

- ``partition_table`` (migrations) rebuilds an ordinary table as a partitioned one,
  keeping its rows, columns, defaults, checks, identity, indexes, foreign keys and
  triggers; the primary key and unique constraints get the partition column added (a
  partitioned table's unique indexes must contain it).
- ``ensure`` creates the partitions of the coming months (after ``migrate`` and daily),
  moving any rows the default partition holds for them. Idempotent.
- ``archive`` detaches the partitions that end before a month into the ``archive``
  schema, where ``pg_dump --schema=archive`` can take them and ``DROP`` free the space.
  Outbox partitions still holding undelivered rows are kept.

Partitioned tables are found in the catalogue, so the functions need no list of them. On
SQLite (``bin/run``) every function does nothing.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection as default_connection
from django.db import connections, migrations, transaction
from psycopg import sql

MONTH, YEAR = "month", "year"
AHEAD_AT_MIGRATE = 12  # months of partitions each migrate makes sure of
ARCHIVE_SCHEMA = "archive"
# Partitions of these tables are archived only once no row matches the condition.
KEEP_WHILE = {"firstask_outboxmessage": "state <> 'sent'"}
_NAME = re.compile(r"^(?P<table>.+)_p(?P<year>\d{4})(?:_(?P<month>\d{2}))?$")


def _zone() -> dt.tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def period_start(moment: dt.datetime | dt.date, interval: str) -> dt.datetime:
    """The local midnight that starts the month (year) of ``moment``."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(_zone()) if moment.tzinfo else moment
    month = moment.month if interval == MONTH else 1
    return dt.datetime(moment.year, month, 1, tzinfo=_zone())


def next_period(start: dt.datetime, interval: str) -> dt.datetime:
    if interval == YEAR or start.month == 12:
        return start.replace(year=start.year + 1, month=1 if interval == MONTH else start.month)
    return start.replace(month=start.month + 1)


def months_after(moment: dt.datetime, months: int) -> dt.datetime:
    """The first of the month ``months`` after ``moment``'s (local time)."""
    start = period_start(moment, MONTH)
    for _ in range(months):
        start = next_period(start, MONTH)
    return start


def _periods(first: dt.datetime, last: dt.datetime, interval: str) -> list[dt.datetime]:
    """The starts of the periods from ``first``'s to ``last``'s, both included."""
    start, end = period_start(first, interval), period_start(last, interval)
    found = []
    while start <= end:
        found.append(start)
        start = next_period(start, interval)
    return found


def partition_name(table: str, start: dt.datetime, interval: str) -> str:
    return f"{table}_p{start:%Y}" if interval == YEAR else f"{table}_p{start:%Y_%m}"


def _q(cursor: Any, statement: sql.Composable, params: Iterable[Any] | None = None) -> None:
    cursor.execute(statement.as_string(cursor.connection), params)


def _create_partition(cursor: Any, table: str, start: dt.datetime, interval: str) -> bool:
    """The partition of [start, next period), with the default partition's rows of that
    range moved into it; False if it exists."""
    name = partition_name(table, start, interval)
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    if cursor.fetchone()[0]:
        return False
    end = next_period(start, interval)
    column = partition_column(cursor, table)
    t, p, c = sql.Identifier(table), sql.Identifier(name), sql.Identifier(column)
    default = sql.Identifier(f"{table}_default")
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{table}_default"])
    if cursor.fetchone()[0]:
        _q(
            cursor,
            sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE {c} >= %s AND {c} < %s)").format(
                default, c=c
            ),
            [start, end],
        )
        strays = cursor.fetchone()[0]
    else:
        strays = False
    bounds = sql.SQL("FOR VALUES FROM (%s) TO (%s)")
    if not strays:
        _q(cursor, sql.SQL("CREATE TABLE {} PARTITION OF {} {}").format(p, t, bounds), [start, end])
        return True
    # Rows of this range in the default partition would make CREATE … PARTITION OF fail:
    # build the partition beside the table, move them (past the timelines' guard against
    # DELETE: they stay in the table), then attach it.
    _q(cursor, sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING CONSTRAINTS)").format(p, t))
    _q(cursor, sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(default))
    _q(
        cursor,
        sql.SQL(
            "WITH moved AS (DELETE FROM {d} WHERE {c} >= %s AND {c} < %s RETURNING *) "
            "INSERT INTO {p} SELECT * FROM moved"
        ).format(d=default, c=c, p=p),
        [start, end],
    )
    _q(cursor, sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(default))
    _q(cursor, sql.SQL("ALTER TABLE {} ATTACH PARTITION {} {}").format(t, p, bounds), [start, end])
    return True


def partition_column(cursor: Any, table: str) -> str:
    cursor.execute(
        """
        SELECT a.attname FROM pg_partitioned_table pt
        JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
        WHERE pt.partrelid = %s::regclass
        """,
        [table],
    )
    return cursor.fetchone()[0]


@dataclass
class Partition:
    table: str
    name: str
    start: dt.datetime | None
    interval: str | None


def catalogue(cursor: Any) -> dict[str, list[Partition]]:
    """{table: its partitions} of the ``public`` schema's range-partitioned tables, the
    dated partitions in time order and the others (the default) last; one query."""
    cursor.execute(
        """
        SELECT c.relname, p.relname FROM pg_partitioned_table pt
        JOIN pg_class c ON c.oid = pt.partrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        LEFT JOIN pg_inherits i ON i.inhparent = c.oid
        LEFT JOIN pg_class p ON p.oid = i.inhrelid
        WHERE pt.partstrat = 'r' ORDER BY c.relname
        """
    )
    found: dict[str, list[Partition]] = {}
    for table, name in cursor.fetchall():
        partitions = found.setdefault(table, [])
        if name is None:
            continue
        match = _NAME.match(name)
        if match is None or match["table"] != table:
            partitions.append(Partition(table, name, None, None))
            continue
        interval = MONTH if match["month"] else YEAR
        start = dt.datetime(int(match["year"]), int(match["month"] or 1), 1, tzinfo=_zone())
        partitions.append(Partition(table, name, start, interval))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    for partitions in found.values():
        partitions.sort(key=lambda p: (p.start is None, p.start or far))
    return found


def interval_of(partitions: list[Partition]) -> str:
    return next((p.interval for p in partitions if p.interval is not None), MONTH)


def _is_postgresql(connection: Any) -> bool:
    return connection.vendor == "postgresql"


# -- migrations ------------------------------------------------------------------------


def partition_table(
    schema_editor: Any,
    table: str,
    column: str,
    interval: str = MONTH,
    *,
    now: dt.datetime | None = None,
    ahead: int = 3,
) -> None:
    """Rebuild ``table`` as ``PARTITION BY RANGE (column)`` in a migration (PostgreSQL;
    nothing on SQLite). Its rows are copied into one partition per period from the
    oldest row's to the one ``ahead`` months after ``now``, plus the default partition."""
    connection = schema_editor.connection
    if not _is_postgresql(connection):
        return
    with connection.cursor() as cursor:
        _rebuild(cursor, table, column, interval, now or dt.datetime.now(dt.UTC), ahead)


def partitioning(*tables: tuple[str, str, str]) -> migrations.RunPython:
    """A migration's operation rebuilding each (table, column, interval) partitioned
    (``partition_table``; nothing on SQLite, nothing backwards)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for table, column, interval in tables:
            partition_table(schema_editor, table, column, interval)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def _definitions(cursor: Any, table: str) -> dict[str, Any]:
    cursor.execute(
        """
        SELECT conname, contype, pg_get_constraintdef(oid),
               ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i)
        FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')
        ORDER BY contype DESC, conname
        """,
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)
        ORDER BY i.indexrelid
        """,
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname",
        [table],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT attname, attidentity FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attidentity <> ''",
        [table],
    )
    identities = cursor.fetchall()
    return {
        "constraints": constraints,
        "indexes": indexes,
        "triggers": triggers,
        "identities": identities,
    }


def _rebuild(
    cursor: Any, table: str, column: str, interval: str, now: dt.datetime, ahead: int
) -> None:
    found = _definitions(cursor, table)
    if any(unique for _definition, unique in found["indexes"]):
        raise ValueError(f"{table}: a unique index without a constraint cannot be partitioned")
    # The identity continues where the old one stopped: ids are never reused.
    starts = {}
    for name, _kind in found["identities"]:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))", [table, name])
        starts[name] = cursor.fetchone()[0]
    t, c = sql.Identifier(table), sql.Identifier(column)
    old = sql.Identifier(f"{table}__unpartitioned")
    _q(cursor, sql.SQL("ALTER TABLE {} RENAME TO {}").format(t, old))
    _q(
        cursor,
        sql.SQL(
            "CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION "
            "INCLUDING COMMENTS) PARTITION BY RANGE ({})"
        ).format(t, old, c),
    )
    _q(cursor, sql.SQL("SELECT min({}) FROM {}").format(c, old))
    oldest = cursor.fetchone()[0]
    first = min(oldest or now, now)
    for start in _periods(first, months_after(now, ahead), interval):
        _create_partition(cursor, table, start, interval)
    default = sql.Identifier(f"{table}_default")
    _q(cursor, sql.SQL("CREATE TABLE {} PARTITION OF {} DEFAULT").format(default, t))
    _q(cursor, sql.SQL("INSERT INTO {} SELECT * FROM {}").format(t, old))
    # Fails (rolling the migration back) if another table's foreign key refers to it.
    _q(cursor, sql.SQL("DROP TABLE {}").format(old))
    for name, kind, definition, columns in found["constraints"]:
        if kind in ("p", "u"):
            keyed = [*columns, column] if column not in columns else columns
            definition = sql.SQL("{} ({})").format(
                sql.SQL("PRIMARY KEY" if kind == "p" else "UNIQUE"),
                sql.SQL(", ").join(map(sql.Identifier, keyed)),
            )
        else:
            definition = sql.SQL(definition)
        _q(
            cursor,
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                t, sql.Identifier(name), definition
            ),
        )
    for definition, _unique in found["indexes"]:
        cursor.execute(definition)
    for definition in found["triggers"]:
        cursor.execute(definition)
    for name, kind in found["identities"]:
        always = "ALWAYS" if kind == "a" else "BY DEFAULT"
        _q(
            cursor,
            sql.SQL(
                "ALTER TABLE {} ALTER COLUMN {} ADD GENERATED " + always + " AS IDENTITY "
                "(START WITH {})"
            ).format(t, sql.Identifier(name), sql.Literal(starts[name])),
        )


# -- upkeep ----------------------------------------------------------------------------


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # old, but holding undelivered rows


def ensure(
    now: dt.datetime, *, ahead: int = 3, dry_run: bool = False, connection: Any = None
) -> Outcome:
    """Create the missing partitions of every partitioned table from the current period to
    the one ``ahead`` months on (a yearly table's years), each with the rows the default
    partition held for it."""
    connection = connection or default_connection
    outcome = Outcome()
    if not _is_postgresql(connection):
        return outcome
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table, partitions in catalogue(cursor).items():
            interval = interval_of(partitions)
            existing = {p.name for p in partitions}
            for start in _periods(now, months_after(now, ahead), interval):
                name = partition_name(table, start, interval)
                if name not in existing and (
                    dry_run or _create_partition(cursor, table, start, interval)
                ):
                    outcome.created.append(name)
    return outcome


def archive(before: dt.datetime, *, dry_run: bool = False, connection: Any = None) -> Outcome:
    """Detach every dated partition that ends on or before ``before`` into the ``archive``
    schema (the outbox's only once all its rows are delivered)."""
    connection = connection or default_connection
    outcome = Outcome()
    if not _is_postgresql(connection):
        return outcome
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        archive_schema = sql.Identifier(ARCHIVE_SCHEMA)
        if not dry_run:
            _q(cursor, sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(archive_schema))
        for table, partitions in catalogue(cursor).items():
            for partition in partitions:
                if partition.start is None or partition.interval is None:
                    continue
                if next_period(partition.start, partition.interval) > before:
                    continue
                p = sql.Identifier(partition.name)
                if table in KEEP_WHILE:
                    _q(
                        cursor,
                        sql.SQL(
                            "SELECT EXISTS (SELECT 1 FROM {} WHERE " + KEEP_WHILE[table] + ")"
                        ).format(p),
                    )
                    if cursor.fetchone()[0]:
                        outcome.kept.append(partition.name)
                        continue
                outcome.archived.append(partition.name)
                if dry_run:
                    continue
                _q(
                    cursor,
                    sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(sql.Identifier(table), p),
                )
                _q(cursor, sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(p, archive_schema))
    return outcome


def ensure_after_migrate(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: a year of partitions ahead, whenever the schema is migrated (as the
    owner role: beat's daily run, as the application role, then has nothing to create)."""
    ensure(dt.datetime.now(dt.UTC), ahead=AHEAD_AT_MIGRATE, connection=connections[using])
