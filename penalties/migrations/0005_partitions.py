"""The violation's timeline and the ledger's history tables are partitioned by their time
(PostgreSQL; see firstask/partitions.py): by month the big ones, by year the rest. Their
guard triggers (0002 to 0004) are kept on the partitioned tables.

Hand-written (carry over when this migration is regenerated).
"""

from django.db import migrations

from firstask.partitions import MONTH, YEAR, partitioning

TABLES = (
    ("penalties_violationevent", "at", MONTH),
    ("penalties_historicalviolation", "history_date", MONTH),
    ("penalties_historicalpenalty", "history_date", YEAR),
    ("penalties_historicalnotice", "history_date", YEAR),
    ("penalties_historicalcommendation", "history_date", YEAR),
)


class Migration(migrations.Migration):
    dependencies = [
        ("penalties", "0004_record_append_only_and_untruncatable"),
    ]

    operations = [
        partitioning(*TABLES),
    ]
