"""The penalty ledger is append-only in the database too (PostgreSQL).

The ORM refuses updates and deletes, but raw SQL, ``_base_manager`` and the history table
went around it. Triggers refuse every UPDATE and DELETE of a ledger line and of its
history rows; revocations are new rows, so the application only ever INSERTs. The one
change allowed is the history's ``history_user`` becoming NULL when a login is deleted
(simple-history's SET NULL), which leaves the recorded content untouched. TRUNCATE is an
owner's maintenance statement and is left to database privileges.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION firstask_ledger_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_ARGV[0] = 'history' THEN
        IF to_jsonb(NEW) ->> 'history_user_id' IS NULL
           AND (to_jsonb(NEW) - 'history_user_id') = (to_jsonb(OLD) - 'history_user_id') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the penalty ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING HINT = 'Write a revocation line instead.', ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

TABLES = (("penalties_penalty", "line"), ("penalties_historicalpenalty", "history"))


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, kind in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION firstask_ledger_append_only('{kind}')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _kind in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS firstask_ledger_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0002_trigram_index'),
        ('penalties', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
