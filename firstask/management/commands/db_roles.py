import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from firstask import db_roles


class Command(BaseCommand):
    help = (
        "PostgreSQL: create or update the owner role (runs migrations, owns the tables) and "
        "the application role (only the DML it needs, no TRUNCATE, no DDL). Idempotent; run "
        "it as a superuser, and again after each migrate. Passwords come from the "
        "environment variables DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD when set."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--owner", required=True, help="name of the owner role")
        parser.add_argument("--app", required=True, help="name of the application role")
        parser.add_argument(
            "--database", default="default", help="database alias to connect with (a superuser)"
        )

    def handle(self, *args: Any, owner: str, app: str, database: str, **options: Any) -> None:
        try:
            outcome = db_roles.apply(
                owner=owner,
                app=app,
                owner_password=os.environ.get("DATABASE_OWNER_PASSWORD", ""),
                app_password=os.environ.get("DATABASE_APP_PASSWORD", ""),
                using=database,
            )
        except db_roles.RolesError as error:
            raise CommandError(str(error)) from None
        for name in outcome.created:
            self.stdout.write(f"created role {name}")
        self.stdout.write(
            f"{owner} owns the schema ({outcome.owned} objects handed over); {app} has "
            f"SELECT/INSERT only on {len(outcome.append_only)} append-only tables, "
            f"no DELETE on {len(outcome.no_delete)}, history_user_id alone to update on "
            f"{len(outcome.history)} history tables, DML elsewhere, no TRUNCATE or DDL."
        )
