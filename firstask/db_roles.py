"""Database roles on PostgreSQL: an owner for migrations, an application role for the rest.

The owner role owns every table, sequence and function of the ``public`` schema and runs
the migrations. The application role (web, workers, beat) owns nothing, so it cannot
drop a trigger or alter a table, and has only the DML it needs: SELECT, INSERT, UPDATE and
DELETE, no TRUNCATE, no REFERENCES or TRIGGER. On the tables that are part of the record
it has less, read from their guard triggers (penalties migrations 0002, 0003 and 0004):

- append-only (``line``): SELECT and INSERT;
- history tables: SELECT, INSERT, and UPDATE of ``history_user_id`` alone (a deleted login);
- annual ratings, rebuilt from the ledger (``rebuilt``): no DELETE;
- the security and read-access logs (departments 0002, cases 0003): SELECT, INSERT, and
  UPDATE of their login column alone (a deleted login);
- ``django_migrations``: SELECT (only the owner migrates).

``apply`` is idempotent: it creates what is missing, resets every privilege of the
application role in the schema to the above, and leaves the rest alone. Run it as a
superuser, again after each ``migrate`` (new tables).
"""

from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.backends.utils import CursorWrapper
from psycopg import sql

# Guard trigger functions and the argument naming the kind of guard (no argument: line).
GUARDS = {
    "firstask_ledger_append_only",
    "firstask_log_append_only",  # argument: the one column that may become NULL
    "firstask_notice_unchangeable",
    "firstask_record_append_only",
}
ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN"
DML = "SELECT, INSERT, UPDATE, DELETE"


class RolesError(Exception):
    """The roles cannot be set up as asked; nothing was changed."""


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    owned: int = 0
    append_only: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    no_delete: list[str] = field(default_factory=list)


def _run(cursor: CursorWrapper, statement: sql.Composable) -> None:
    cursor.execute(statement.as_string(cursor.connection))


def guarded_tables(cursor: CursorWrapper) -> dict[str, str]:
    """{table: strictest guard kind} of the tables of the record, from their triggers."""
    cursor.execute(
        """
        SELECT c.relname, p.proname, t.tgargs
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal AND p.proname = ANY(%s)
        """,
        [sorted(GUARDS)],
    )
    order = ("line", "history", "rebuilt")
    kinds: dict[str, str] = {}
    for table, function, raw in cursor.fetchall():
        arguments = [a.decode() for a in bytes(raw).split(b"\0") if a]
        if function == "firstask_log_append_only":
            kinds[table] = f"log:{arguments[0]}" if arguments else "line"
            continue
        kind = arguments[0] if arguments else "line"
        if kind not in order:
            continue  # checked row by row (locked assessments): full DML
        if table not in kinds or order.index(kind) < order.index(kinds[table]):
            kinds[table] = kind
    return kinds


def _role_exists(cursor: CursorWrapper, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    return cursor.fetchone() is not None


def _ensure_role(cursor: CursorWrapper, name: str, password: str, outcome: Outcome) -> None:
    role = sql.Identifier(name)
    if _role_exists(cursor, name):
        statement = sql.SQL("ALTER ROLE {} " + ATTRIBUTES).format(role)
    else:
        statement = sql.SQL("CREATE ROLE {} " + ATTRIBUTES).format(role)
        outcome.created.append(name)
    if password:
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
    _run(cursor, statement)


def _hand_over(cursor: CursorWrapper, owner: str) -> int:
    """The owner role becomes owner of the schema's tables, sequences and functions."""
    cursor.execute(
        """
        SELECT c.relkind, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND pg_get_userbyid(c.relowner) <> %s
          -- Owned sequences go with their table, extensions' objects stay; a partition
          -- (its parent's automatic dependant) is handed over on its own.
          AND (c.relispartition OR NOT EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')
          ))
        ORDER BY c.relkind DESC, c.relname
        """,
        [owner],
    )
    objects = cursor.fetchall()
    for kind, name in objects:
        keyword = {"S": "SEQUENCE", "v": "VIEW", "m": "MATERIALIZED VIEW"}.get(kind, "TABLE")
        if kind == "f":
            keyword = "FOREIGN TABLE"
        _run(
            cursor,
            sql.SQL("ALTER {} {} OWNER TO {}").format(
                sql.SQL(keyword), sql.Identifier(name), sql.Identifier(owner)
            ),
        )
    cursor.execute(
        """
        SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
        WHERE pg_get_userbyid(p.proowner) <> %s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        """,
        [owner],
    )
    functions = [row[0] for row in cursor.fetchall()]
    for signature in functions:
        _run(
            cursor,
            sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(signature), sql.Identifier(owner)
            ),
        )
    return len(objects) + len(functions)


def _grant(cursor: CursorWrapper, owner: str, app: str, outcome: Outcome) -> None:
    o, a = sql.Identifier(owner), sql.Identifier(app)
    cursor.execute("SELECT current_database()")
    database = sql.Identifier(cursor.fetchone()[0])
    for statement in (
        "GRANT CONNECT ON DATABASE {db} TO {o}, {a}",
        # Trusted extensions (pg_trgm, migration cases 0006) need CREATE on the database.
        "GRANT CREATE ON DATABASE {db} TO {o}",
        "REVOKE CREATE ON DATABASE {db} FROM {a}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE, CREATE ON SCHEMA public TO {o}",
        "REVOKE CREATE ON SCHEMA public FROM {a}",
        "GRANT USAGE ON SCHEMA public TO {a}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {a}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {a}",
        f"GRANT {DML} ON ALL TABLES IN SCHEMA public TO {{a}}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
        # Tables a later migration creates: usable at once, narrowed at the next run.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {{o}} IN SCHEMA public GRANT {DML} ON TABLES TO {{a}}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
        "GRANT USAGE, SELECT ON SEQUENCES TO {a}",
    ):
        _run(cursor, sql.SQL(statement).format(db=database, o=o, a=a))
    for table, kind in sorted(guarded_tables(cursor).items()):
        t = sql.Identifier(table)
        if kind == "rebuilt":
            _run(cursor, sql.SQL("REVOKE DELETE ON {} FROM {}").format(t, a))
            outcome.no_delete.append(table)
            continue
        _run(cursor, sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(t, a))
        if kind.startswith("log:"):  # a log: its viewer's login may become NULL
            column = sql.Identifier(kind.removeprefix("log:"))
            _run(cursor, sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(column, t, a))
            outcome.history.append(table)
        elif kind == "history":
            _run(cursor, sql.SQL("GRANT UPDATE (history_user_id) ON {} TO {}").format(t, a))
            outcome.history.append(table)
        else:
            outcome.append_only.append(table)
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if cursor.fetchone()[0]:  # not before the first migrate
        revoke = sql.SQL("REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {}")
        _run(cursor, revoke.format(a))


def apply(
    *,
    owner: str,
    app: str,
    owner_password: str = "",
    app_password: str = "",
    using: str = "default",
) -> Outcome:
    """Create or update both roles and the application role's privileges, in one transaction."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RolesError(f"Database roles need PostgreSQL; this database is {connection.vendor}.")
    if not owner or not app or owner == app:
        raise RolesError("Name two different roles: the owner and the application role.")
    outcome = Outcome()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        me, superuser = cursor.fetchone()
        if not superuser:
            raise RolesError(f"Run this as a superuser; {me} is not one.")
        if me in (owner, app):
            raise RolesError(f"Connect as a superuser other than {me}, the role being set up.")
        _ensure_role(cursor, owner, owner_password, outcome)
        _ensure_role(cursor, app, app_password, outcome)
        _run(
            cursor, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(owner), sql.Identifier(app))
        )
        outcome.owned = _hand_over(cursor, owner)
        _grant(cursor, owner, app, outcome)
    return outcome
