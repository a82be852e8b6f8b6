"""The record is append-only in the database, and nobody empties it (PostgreSQL).

Hand-written (carry over when this migration is regenerated).

- TRUNCATE is refused on the ledger (penalties, violations, their history), on every table
  that is append-only and on the assessments, ratings and notices: a BEFORE TRUNCATE
  trigger, which also fires for the tables a ``TRUNCATE … CASCADE`` reaches. The test
  harness flushes its database between transactional tests with ``session_replication_role
  = replica`` (superusers only), under which ordinary triggers do not fire.
- Timelines (case and violation events) and commendations: every UPDATE and DELETE refused.
- History tables of violations, commendations, assessment periods and notices: refused as
  the penalty ledger's history, except ``history_user`` becoming NULL when a login is
  deleted (simple-history's SET NULL), which changes no recorded content.
- Assessment periods and their rows: UPDATE and DELETE refused once the period is locked;
  until then a run replaces them.
- Annual ratings are rebuilt from the ledger whenever a line is written, so they are
  updated, but never deleted.

The application's database role (``manage.py db_roles``) has no TRUNCATE privilege and owns
nothing, so it can neither truncate nor drop these triggers.
"""

from django.db import migrations

TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION firstask_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the record is never emptied: TRUNCATE on % refused', TG_TABLE_NAME
        USING HINT = 'Ledger, timelines and assessments are kept for good.',
              ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

RECORD_FUNCTION = """
CREATE OR REPLACE FUNCTION firstask_record_append_only() RETURNS trigger AS $$
DECLARE
    kind text := TG_ARGV[0];
BEGIN
    IF kind = 'history' AND TG_OP = 'UPDATE' THEN
        IF to_jsonb(NEW) ->> 'history_user_id' IS NULL
           AND (to_jsonb(NEW) - 'history_user_id') = (to_jsonb(OLD) - 'history_user_id') THEN
            RETURN NEW;
        END IF;
    ELSIF kind = 'rebuilt' AND TG_OP = 'UPDATE' THEN
        RETURN NEW;
    ELSIF kind = 'locked_period' THEN
        IF to_jsonb(OLD) ->> 'locked_at' IS NULL THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
    ELSIF kind = 'locked_row' THEN
        IF NOT EXISTS (
            SELECT 1 FROM penalties_assessmentperiod
            WHERE id = (to_jsonb(OLD) ->> 'period_id')::bigint AND locked_at IS NOT NULL
        ) THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
    END IF;
    RAISE EXCEPTION 'part of the record: % on % refused', TG_OP, TG_TABLE_NAME
        USING HINT = 'Timelines, commendations and locked assessments are never changed.',
              ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

# (table, kind, operations refused or checked row by row)
ROW_TRIGGERS = (
    ("cases_caseevent", "line", "UPDATE OR DELETE"),
    ("penalties_violationevent", "line", "UPDATE OR DELETE"),
    ("penalties_commendation", "line", "UPDATE OR DELETE"),
    ("penalties_historicalcommendation", "history", "UPDATE OR DELETE"),
    ("penalties_historicalviolation", "history", "UPDATE OR DELETE"),
    ("penalties_historicalnotice", "history", "UPDATE OR DELETE"),
    ("penalties_historicalassessmentperiod", "history", "UPDATE OR DELETE"),
    ("penalties_assessmentperiod", "locked_period", "UPDATE OR DELETE"),
    ("penalties_assessment", "locked_row", "UPDATE OR DELETE"),
    ("penalties_annualrating", "rebuilt", "DELETE"),
)

UNTRUNCATABLE = tuple(
    dict.fromkeys(
        (
            "penalties_penalty",
            "penalties_historicalpenalty",
            "penalties_violation",
            "penalties_historicalviolation",
            "penalties_notice",
            *(table for table, _kind, _ops in ROW_TRIGGERS),
        )
    )
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRUNCATE_FUNCTION, params=None)
    schema_editor.execute(RECORD_FUNCTION, params=None)
    for table, kind, operations in ROW_TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_record BEFORE {operations} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION firstask_record_append_only('{kind}')"
        )
    for table in UNTRUNCATABLE:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION firstask_refuse_truncate()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in UNTRUNCATABLE:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    for table, _kind, _operations in ROW_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_record ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS firstask_record_append_only()")
    schema_editor.execute("DROP FUNCTION IF EXISTS firstask_refuse_truncate()")


class Migration(migrations.Migration):
    dependencies = [
        ('penalties', '0003_published_notices_append_only'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
