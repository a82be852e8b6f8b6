"""One migrated SQLite database per test run, copied instead of migrating again.

Migrating an empty database takes seconds, nearly all of it Django rendering the model
states of every migration. A run on SQLite used to migrate once per xdist worker and once
more in each test that starts a worker on a fresh data folder. Now the first process to
need a database migrates it (as before) and keeps a copy, the template; the other workers
load their in-memory test database from that copy, and the process tests copy the file.
The template lives in the run's temporary folder, so every run migrates afresh once.
"""

import fcntl
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

NAME = "migrated-template.sqlite3"


def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder shared by all workers of this run (each worker's own is below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with open(folder / f"{NAME}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _copy_from(template: Path):
    def handle(command, *args, **options):
        connection = connections[options["database"]]
        connection.ensure_connection()
        with closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)

    return handle


def uses_an_in_memory_sqlite_database() -> bool:
    database = connections["default"].settings_dict
    return database["ENGINE"] == "django.db.backends.sqlite3" and database["TEST"].get("NAME") in (
        None,
        "",
        ":memory:",
    )


def setup_sqlite_databases(folder: Path, setup):
    """Run ``setup`` (Django's ``setup_databases``) with ``migrate`` replaced by a copy of
    the template when one exists; otherwise let it migrate and keep the template."""
    template = folder / NAME
    with _locked(folder):
        if template.exists():
            with mock.patch.object(MigrateCommand, "handle", _copy_from(template)):
                return setup()
        result = setup()
        partial = folder / f"{NAME}.partial"
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as target:
            connections["default"].connection.backup(target)
        partial.rename(template)
        return result


def _migrate_in_a_subprocess(template: Path) -> None:
    data = template.parent / "template-data"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{template}",
        CELERY_BROKER_URL="filesystem://",
        FIRSTASK_DATA_DIR=str(data),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def copy_template(folder: Path, to: Path) -> None:
    """A migrated SQLite database file at ``to``, from the run's template (made now by
    ``manage.py migrate`` if the tests themselves run on another database)."""
    template = folder / NAME
    with _locked(folder):
        if not template.exists():
            partial = folder / f"{NAME}.partial"
            partial.unlink(missing_ok=True)
            _migrate_in_a_subprocess(partial)
            partial.rename(template)
    to.parent.mkdir(parents=True, exist_ok=True)
    # The backup API, not a file copy: it also takes what is still in a write-ahead log.
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(to)) as target:
        source.backup(target)
