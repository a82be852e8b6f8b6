"""PgBouncer in transaction mode in front of the test database, for the pooling tests.

``Bouncer.start()`` runs Debian's ``pgbouncer`` on a free port (as the ``postgres`` user
when the tests run as root: PgBouncer refuses root), trusting 127.0.0.1 like the test
cluster; the ``through_pgbouncer`` fixture points Django's default connection at it, with
the settings of ``DATABASE_PGBOUNCER`` (config/pgbouncer.py), for one test.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections

from config.pgbouncer import behind_pgbouncer
from tests.replication import IN_CI, free_port


class BouncerUnavailable(Exception):
    pass


class Bouncer:
    def __init__(self, host: str, port: int, user: str):
        self.server = (host, port, user)
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="firstask-pgbouncer-"))
        self.process: subprocess.Popen | None = None

    def start(self):
        program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(program).exists():
            raise BouncerUnavailable("pgbouncer is not installed (apt-get install pgbouncer)")
        host, port, user = self.server
        config = {
            "listen_addr": "127.0.0.1",
            "listen_port": self.port,
            "unix_socket_dir": "",
            "auth_type": "trust",
            "auth_file": self.folder / "users.txt",
            "admin_users": user,
            "pool_mode": "transaction",
            "default_pool_size": 4,
            "max_client_conn": 50,
            "server_reset_query": "",
            "ignore_startup_parameters": "extra_float_digits",
            "logfile": self.folder / "pgbouncer.log",
        }
        lines = ["[databases]", f"* = host={host} port={port}", "[pgbouncer]"]
        lines += [f"{name} = {value}" for name, value in config.items()]
        (self.folder / "pgbouncer.ini").write_text("\n".join(lines) + "\n")
        (self.folder / "users.txt").write_text(f'"{user}" ""\n')
        command = [program, str(self.folder / "pgbouncer.ini")]
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            for path in (self.folder, *self.folder.iterdir()):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            command = ["runuser", "-u", "postgres", "--", *command]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.stats()
                return self
            except psycopg.OperationalError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise BouncerUnavailable(f"pgbouncer did not start: {error}") from None
                time.sleep(0.1)

    def stats(self) -> dict[str, int]:
        """Transactions PgBouncer passed on, per database (its admin console's SHOW STATS)."""
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.server[2],
            dbname="pgbouncer",
            autocommit=True,
            prepare_threshold=None,
            connect_timeout=2,
        ) as admin:
            cursor = admin.execute("SHOW STATS")
            names = [column.name for column in cursor.description]
            rows = cursor.fetchall()
        database, xacts = names.index("database"), names.index("total_xact_count")
        return {row[database]: int(row[xacts]) for row in rows}

    @staticmethod
    def connection_database() -> str:
        return connections["default"].settings_dict["NAME"]

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        path = self.folder / "pgbouncer.log"
        return path.read_text()[-3000:] if path.exists() else ""


def _cannot(reason: str):
    if IN_CI:  # in CI a skipped PgBouncer test would hide a broken setup
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pgbouncer(django_db_setup):
    primary = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        _cannot("the PgBouncer tests need PostgreSQL (DATABASE_URL)")
    bouncer = Bouncer(
        primary["HOST"] or "127.0.0.1", int(primary["PORT"] or 5432), primary["USER"] or "postgres"
    )
    try:
        bouncer.start()
    except (BouncerUnavailable, OSError) as error:
        log = bouncer.log()
        bouncer.stop()
        _cannot(f"cannot start PgBouncer: {error}\n{log}")
    yield bouncer
    bouncer.stop()


@pytest.fixture
def through_pgbouncer(transactional_db, pgbouncer):
    """Django's default connection goes through PgBouncer for one test (transactional: in
    transaction mode each transaction of the test may get another server connection)."""
    connection = connections["default"]
    saved = {key: connection.settings_dict[key] for key in ("PORT", "OPTIONS")}
    saved_cursors = connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS", False)
    connection.close()
    connection.settings_dict["OPTIONS"] = dict(saved["OPTIONS"])
    behind_pgbouncer(connection.settings_dict)
    connection.settings_dict["PORT"] = str(pgbouncer.port)
    try:
        yield pgbouncer
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = saved_cursors
