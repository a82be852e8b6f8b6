"""The case's timeline, its history tables and the stage alerts are partitioned by their
time (PostgreSQL; see firstask/partitions.py): by month the big ones, by year the rest.

Hand-written (carry over when this migration is regenerated). The stage alerts' unique
(clock, kind) becomes (clock, kind, recorded_at), the partition key being part of every
unique index: the sweep takes a lock so that two runs never alert one clock twice.
"""

from django.db import migrations

from firstask.partitions import MONTH, YEAR, partitioning

TABLES = (
    ("cases_caseevent", "at", MONTH),
    ("cases_historicalcase", "history_date", MONTH),
    ("cases_stagealert", "recorded_at", MONTH),
    ("cases_historicalcallback", "history_date", YEAR),
    ("cases_historicalcaseattachment", "history_date", YEAR),
    ("cases_historicalextension", "history_date", YEAR),
    ("cases_historicalrating", "history_date", YEAR),
    ("cases_historicaltransfer", "history_date", YEAR),
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_webhook_message_without_database_key"),
    ]

    operations = [
        partitioning(*TABLES),
    ]
