"""Database settings that work behind PgBouncer in transaction mode.

In transaction mode consecutive transactions of one Django connection may run on
different server connections, so nothing may outlive a transaction: no server-side
cursors (``QuerySet.iterator()`` would declare a named cursor and fetch from it later),
no prepared statements (psycopg prepares a query after ``prepare_threshold`` uses, on one
server connection) and no server-side parameter binding. Session settings the project
sets are transaction-local (``SET LOCAL``) or tracked by PgBouncer itself (TimeZone,
client_encoding, application_name).
"""


def behind_pgbouncer(database: dict) -> dict:
    """``database`` (one entry of DATABASES), changed in place to suit PgBouncer."""
    database["DISABLE_SERVER_SIDE_CURSORS"] = True
    options = database.setdefault("OPTIONS", {})
    options["prepare_threshold"] = None
    options["server_side_binding"] = False
    return database
