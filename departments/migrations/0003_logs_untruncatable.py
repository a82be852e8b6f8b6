"""Nobody empties the security log either (PostgreSQL): a BEFORE TRUNCATE trigger, as the
ledger has (penalties 0004). Hand-written: carry it over when this migration is regenerated.
cases 0019 puts the same trigger on the read-access log of personal data."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION firstask_log_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the log is never emptied: TRUNCATE on % refused', TG_TABLE_NAME
        USING HINT = 'Security and read-access logs are kept for good.',
              ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def untruncatable_sql(table):
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION firstask_log_refuse_truncate()"
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(untruncatable_sql("departments_securityevent"))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS departments_securityevent_no_truncate ON departments_securityevent"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS firstask_log_refuse_truncate()")


class Migration(migrations.Migration):
    dependencies = [
        ('departments', '0002_security_log_append_only'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
