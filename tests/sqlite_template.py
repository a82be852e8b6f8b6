"""One migrated SQLite database per test run, copied instead of migrating again.

Migrating an empty database takes seconds, nearly all of it Django rendering the model
states of every migration. A run on SQLite used to migrate once per xdist worker and once
more in each test that starts a worker on a fresh data folder. Now the first process to
need a database migrates it (as before) and keeps a copy, the template; the other workers
load their in-memory test database from that copy, and the process tests copy the file.
The template lives in the run's temporary folder. A run also keeps it, for the day, in a
cache folder shared by the runs of this machine (``cached_template``), under a hash of
everything the migrated schema comes from (the apps' and settings' sources, the locked
requirements, Python and SQLite): a later run of the same code that day copies it instead
of migrating (half a minute of CPU, while the other workers wait for it); a run after any
change to them migrates afresh. CI (``CI=true``) always migrates, and so does a run with
``FIRSTASK_TEST_MIGRATE=1``.
"""

import datetime as dt
import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

NAME = "migrated-template.sqlite3"
# What the migrated schema (and the rows migrations and post_migrate write) comes from.
SOURCES = ("cases", "config", "demo", "departments", "firstask", "penalties", "sms")
SOURCE_SUFFIXES = {".py", ".json", ".yaml", ".yml", ".csv", ".sql", ".toml", ".txt"}
LOCKS = ("requirements.lock", "requirements-dev.lock")
CACHE_KEPT = 6  # newest templates kept in the cache folder


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


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _cache_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"firstask-migrated-templates-{os.getuid()}"


def _sources_hash() -> str:
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for part in (sys.version, sqlite3.sqlite_version, dt.datetime.now(dt.UTC).date().isoformat()):
        digest.update(part.encode() + b"\0")
    paths = [base / name for name in LOCKS]
    for source in SOURCES:
        paths += sorted(
            path
            for path in (base / source).rglob("*")
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
        )
    for path in paths:
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def _backup(source: Path, target: Path) -> None:
    # The backup API, not a file copy: it also takes what is still in a write-ahead log.
    with closing(sqlite3.connect(source)) as db, closing(sqlite3.connect(target)) as copy:
        db.backup(copy)


def cached_template() -> Path | None:
    """Where this code's migrated template is kept between runs (None in CI: migrate)."""
    if _in_ci() or os.environ.get("FIRSTASK_TEST_MIGRATE", "") == "1":
        return None
    return _cache_folder() / f"{_sources_hash()}.sqlite3"


def _from_cache(template: Path) -> bool:
    """The run's template copied from the cache, if the cache has this code's."""
    cached = cached_template()
    if cached is None or not cached.exists():
        return False
    partial = template.with_name(f"{NAME}.partial")
    partial.unlink(missing_ok=True)
    _backup(cached, partial)
    partial.rename(template)
    return True


def _to_cache(template: Path) -> None:
    cached = cached_template()
    if cached is None or cached.exists():
        return
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    _backup(template, partial)
    partial.rename(cached)  # atomic: runs of other checkouts may read the folder meanwhile
    kept = sorted(cached.parent.glob("*.sqlite3"), key=lambda path: path.stat().st_mtime)
    for old in kept[:-CACHE_KEPT]:
        old.unlink(missing_ok=True)


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
        if template.exists() or _from_cache(template):
            with mock.patch.object(MigrateCommand, "handle", _copy_from(template)):
                return setup()
        result = setup()
        partial = folder / f"{NAME}.partial"
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as target:
            connections["default"].connection.backup(target)
        partial.rename(template)
        _to_cache(template)
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
        if not template.exists() and not _from_cache(template):
            partial = folder / f"{NAME}.partial"
            partial.unlink(missing_ok=True)
            _migrate_in_a_subprocess(partial)
            partial.rename(template)
            _to_cache(template)
    to.parent.mkdir(parents=True, exist_ok=True)
    _backup(template, to)
