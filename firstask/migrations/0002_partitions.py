"""The outbox is partitioned by month of ``created_at`` (PostgreSQL; see firstask/partitions.py).

Hand-written (carry over when this migration is regenerated). cases 0005 drops the one
foreign key into the outbox (webhook deliveries) first.
"""

from django.db import migrations

from firstask.partitions import MONTH, partitioning

TABLES = (("firstask_outboxmessage", "created_at", MONTH),)


class Migration(migrations.Migration):
    dependencies = [
        ("firstask", "0001_initial"),
    ]

    operations = [
        partitioning(*TABLES),
    ]
