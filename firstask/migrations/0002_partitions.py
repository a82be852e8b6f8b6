"""The outbox is partitioned by month of ``created_at`` (PostgreSQL; see firstask/partitions.py).

Hand-written (carry over when this migration is regenerated). cases 0005 drops the one
foreign key into the outbox (webhook deliveries) first.
"""

from django.db import migrations

from firstask.partitions import MONTH, partition_table

TABLES = (("firstask_outboxmessage", "created_at", MONTH),)


def partition(apps, schema_editor):
    for table, column, interval in TABLES:
        partition_table(schema_editor, table, column, interval)


class Migration(migrations.Migration):
    dependencies = [
        ("firstask", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
    ]
