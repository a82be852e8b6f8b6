"""A real streaming replica of the test cluster, for the read-replica tests.

``Standby.start()`` copies the running PostgreSQL cluster with ``pg_basebackup -R`` into a
folder under /tmp and starts it on a free port as a hot standby that streams from the
primary (the cluster of ``DATABASE_URL``, whose test databases it therefore holds too).
The primary must accept replication connections from 127.0.0.1 (``.ci/run`` adds the
``pg_hba.conf`` line); PostgreSQL refuses to run as root, so as root the standby runs as
the ``postgres`` user.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import load_backend

from firstask import replica

HOT_STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class StandbyUnavailable(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def _server_bin(primary) -> Path:
    with primary.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    for folder in (Path(f"/usr/lib/postgresql/{major}/bin"), Path("/usr/local/pgsql/bin")):
        if (folder / "pg_ctl").exists():
            return folder
    raise StandbyUnavailable(f"no pg_ctl of PostgreSQL {major}")


def _run(command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    if done.returncode != 0:
        raise StandbyUnavailable(f"{' '.join(map(str, command))}: {done.stderr.strip()[-800:]}")
    return done


class Standby:
    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="firstask-standby-"))
        self.data = self.folder / "data"
        self.bin: Path | None = None

    def start(self):
        primary = connections["default"]
        if primary.vendor != "postgresql":
            raise StandbyUnavailable("needs PostgreSQL")
        self.bin = _server_bin(primary)
        params = primary.settings_dict
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        _run(
            [
                *_as_server_user(),
                self.bin / "pg_basebackup",
                "--host",
                params["HOST"] or "127.0.0.1",
                "--port",
                str(params["PORT"] or 5432),
                "--username",
                params["USER"] or "postgres",
                "--pgdata",
                self.data,
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
                "--no-sync",
            ],
            env={**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""},
        )
        # Debian keeps the configuration outside the data folder: the standby gets its own.
        settings = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "hot_standby": "on",
            "hot_standby_feedback": "on",
            "shared_buffers": "'16MB'",
            "fsync": "off",
            "logging_collector": "off",
        }
        # A hot standby needs at least the primary's limits.
        with primary.cursor() as cursor:
            for name in HOT_STANDBY_MINIMUMS:
                cursor.execute(f"SHOW {name}")
                settings[name] = cursor.fetchone()[0]
        config = "".join(f"{name} = {value}\n" for name, value in settings.items())
        self._write(self.data / "postgresql.conf", config)
        self._write(
            self.data / "pg_hba.conf",
            "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        )
        for stale in ("postmaster.pid", "postmaster.opts"):
            (self.data / stale).unlink(missing_ok=True)
        _run(
            [
                *_as_server_user(),
                self.bin / "pg_ctl",
                "--pgdata",
                self.data,
                "--log",
                self.folder / "server.log",
                "--wait",
                "--timeout",
                "120",
                "start",
            ]
        )
        return self

    def _write(self, path: Path, text: str):
        path.write_text(text)
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def stop(self):
        if self.bin is not None and (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *_as_server_user(),
                    self.bin / "pg_ctl",
                    "--pgdata",
                    self.data,
                    "--mode",
                    "immediate",
                    "--wait",
                    "stop",
                ],
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text()[-3000:] if path.exists() else ""


def alias_settings(port: int) -> dict:
    """The ``replica`` alias's settings: the primary's test database, on the standby."""
    primary = connections["default"].settings_dict
    options = {**primary.get("OPTIONS", {}), "connect_timeout": 2}
    return {**primary, "HOST": "127.0.0.1", "PORT": str(port), "OPTIONS": options}


def primary_position() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _replica_position(function: str) -> int | None:
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute(f"SELECT {function}()::text")
        return replica.parse_lsn(cursor.fetchone()[0])


def wait_until_replica_has(position: str, *, replayed: bool = True, timeout: float = 30.0):
    """Waits until the replica has received (and replayed) the primary's ``position``."""
    wanted = replica.parse_lsn(position)
    function = "pg_last_wal_replay_lsn" if replayed else "pg_last_wal_receive_lsn"
    deadline = time.monotonic() + timeout
    while True:
        reached = _replica_position(function)
        if reached is not None and reached >= wanted:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica did not reach {position} in {timeout}s")
        time.sleep(0.02)


def pause_replay():
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")


def resume_replay():
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")


# --- fixtures (imported by tests/conftest.py) -------------------------------------------

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _cannot(reason: str):
    if IN_CI:  # in CI a skipped replica test would hide a broken setup
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def standby(django_db_setup, django_db_blocker):
    """One standby per test process, started by the first test that needs it (the modules
    that use it share the xdist group "replica", so one worker starts it)."""
    if connections["default"].vendor != "postgresql":
        _cannot("the read-replica tests need PostgreSQL (DATABASE_URL)")
    node = Standby()
    with django_db_blocker.unblock():
        try:
            node.start()
        except (StandbyUnavailable, OSError, subprocess.SubprocessError) as error:
            log = node.log()
            node.stop()
            _cannot(f"cannot start a streaming replica: {error}\n{log}")
    yield node
    node.stop()


@contextlib.contextmanager
def replica_alias(port: int, settings):
    """The ``replica`` alias pointing at ``port`` for the duration of the block.

    Its connection is registered on this thread only, not in ``settings.DATABASES``: the
    test case would refuse an alias of the settings it was not set up with (and flush it).
    """
    config = alias_settings(port)
    connections[replica.REPLICA] = load_backend(config["ENGINE"]).DatabaseWrapper(
        config, replica.REPLICA
    )
    settings.DATABASE_REPLICA_ENABLED = True
    replica.forget_status()
    try:
        yield
    finally:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        replica.forget_status()


@pytest.fixture
def read_replica(transactional_db, standby, settings):
    """The ``replica`` alias on the standby for one test (committed data: transactional),
    caught up with the primary; replay resumed afterwards whatever the test did."""
    with replica_alias(standby.port, settings):
        wait_until_replica_has(primary_position())
        try:
            yield standby
        finally:
            resume_replay()
