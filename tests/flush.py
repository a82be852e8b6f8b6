"""Flushing the test database between transactional tests, past the TRUNCATE guard.

The ledger, the timelines and the assessments refuse TRUNCATE (a trigger, see
penalties/migrations/0004_record_append_only_and_untruncatable.py), and Django's ``flush``
empties tables with one TRUNCATE. The test database is created by a superuser, which may
flush with ``session_replication_role = replica``: ordinary triggers do not fire in it. The
setting is local to the flush's transaction; nothing else in the suite runs with it.
"""

from django.db.backends.postgresql.operations import DatabaseOperations

REPLICA = "SET LOCAL session_replication_role = replica"


def allow_the_test_flush_past_the_truncate_guard():
    original = DatabaseOperations.execute_sql_flush
    if getattr(original, "past_the_truncate_guard", False):
        return

    def execute_sql_flush(self, sql_list):
        return original(self, [REPLICA, *sql_list] if sql_list else sql_list)

    execute_sql_flush.past_the_truncate_guard = True
    DatabaseOperations.execute_sql_flush = execute_sql_flush
