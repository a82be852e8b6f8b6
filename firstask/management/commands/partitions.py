import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.utils import timezone

from firstask import partitions


def _month(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise CommandError(f"--archive-before wants a month as YYYY-MM, not {value!r}") from None
    return partitions.period_start(moment, partitions.MONTH)


class Command(BaseCommand):
    help = (
        "PostgreSQL: create the partitions of the coming months of the partitioned tables "
        "(timelines, history, stage alerts, outbox) and, with --archive-before, detach the "
        "partitions that end before that month into the 'archive' schema. Idempotent; run "
        "it as the owner role (migrate runs it too, beat daily)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--ahead", type=int, default=3, help="months ahead to create partitions for (default 3)"
        )
        parser.add_argument(
            "--archive-before",
            metavar="YYYY-MM",
            help="detach the partitions that end on or before the start of this month",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be done, change nothing"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(
        self,
        *args: Any,
        ahead: int,
        archive_before: str | None,
        dry_run: bool,
        database: str,
        **options: Any,
    ) -> None:
        if ahead < 0:
            raise CommandError("--ahead cannot be negative")
        before = _month(archive_before) if archive_before else None
        connection = connections[database]
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: no partitions to look after.")
            return
        would = "would be " if dry_run else ""
        try:
            created = partitions.ensure(
                timezone.now(), ahead=ahead, dry_run=dry_run, connection=connection
            )
            archived = (
                partitions.archive(before, dry_run=dry_run, connection=connection)
                if before is not None
                else partitions.Outcome()
            )
        except DatabaseError as error:
            raise CommandError(f"partitions unchanged: {error}".strip()) from None
        for name in created.created:
            self.stdout.write(f"{would}created {name}")
        for name in archived.archived:
            self.stdout.write(f"{would}archived {name} (schema {partitions.ARCHIVE_SCHEMA})")
        for name in archived.kept:
            self.stdout.write(f"kept {name}: it holds undelivered outbox rows")
        self.stdout.write(
            f"{len(created.created)} partitions {would}created, "
            f"{len(archived.archived)} {would}archived."
        )
