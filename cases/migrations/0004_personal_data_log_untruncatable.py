"""Nobody empties the read-access log of personal data (PostgreSQL): the BEFORE TRUNCATE
trigger of departments 0007. Hand-written: carry it over when this migration is regenerated."""

from django.db import migrations

TABLE = "cases_personaldataaccess"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION firstask_log_refuse_truncate()"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0003_personal_data_access_log_append_only'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
