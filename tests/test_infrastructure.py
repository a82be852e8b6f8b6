"""How firstask is run: bin/run, the embedded broker, Redis, the compose stack.

These tests start real processes (Celery workers, beat, bin/run) in subprocesses with
their own data folder, and always stop them again. Each one has a time limit.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app

BASE_DIR = Path(settings.BASE_DIR)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@app.task(name="tests.infrastructure.touch")
def touch(path, text="done"):
    """Write a file: proof that a worker ran the task. Workers started by these tests
    import this module with ``--include``."""
    Path(path).write_text(text)


# --- helpers -----------------------------------------------------------------------


def clean_env(data_dir, **overrides):
    """The environment of a fresh shell: no DATABASE_URL or CELERY_BROKER_URL from CI,
    data (SQLite database, embedded broker) in ``data_dir``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "HOST", "PORT"}
    }
    env.update(
        FIRSTASK_DATA_DIR=str(data_dir),
        # Spelled out so that a developer's .env cannot change what is tested.
        DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
        CELERY_BROKER_URL="filesystem://",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def python(code, env, timeout=60):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manage(*args, env, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Process:
    """A background process in its own session, its output in a file, always stopped."""

    def __init__(self, args, env, log_path):
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.popen.poll() is not None:
                pytest.fail(
                    f"process exited ({self.popen.returncode}) before {what}:\n{self.log()}"
                )
            time.sleep(0.25)
        pytest.fail(f"no {what} within {timeout}s:\n{self.log()}")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        try:
            if self.popen.poll() is None:
                self.popen.send_signal(sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(timeout)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)
        finally:
            self._log.close()
        return self.popen.returncode


def celery_worker(env, log_path, *options):
    return Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=info",
            "--pool=solo",
            f"--hostname=infra-test-{uuid.uuid4().hex[:8]}@%h",
            "--include=tests.test_infrastructure",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *options,
        ],
        env,
        log_path,
    )


def send_touch(env, marker, queue):
    python(
        "from config.celery import app; "
        f"app.send_task('tests.infrastructure.touch', args=[{str(marker)!r}], queue={queue!r})",
        env,
    )


# --- settings ----------------------------------------------------------------------

SHOW_SETTINGS = """
import json, os
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)  # ignore any .env
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from django.conf import settings
from config.celery import app
print(json.dumps({
    "broker_url": app.conf.broker_url,
    "transport_options": app.conf.broker_transport_options,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
}))
"""


def test_defaults_are_sqlite_and_the_embedded_broker_in_the_data_folder(tmp_path):
    env = clean_env(tmp_path)
    del env["DATABASE_URL"], env["CELERY_BROKER_URL"]

    shown = json.loads(python(SHOW_SETTINGS, env))

    assert shown["db_engine"] == "django.db.backends.sqlite3"
    assert shown["db_name"] == str(tmp_path / "db.sqlite3")
    assert shown["broker_url"] == "filesystem://localhost/"
    assert shown["transport_options"]["data_folder_in"] == str(tmp_path / "broker" / "queue")
    assert shown["transport_options"]["data_folder_out"] == str(tmp_path / "broker" / "queue")


def test_postgres_and_redis_are_chosen_by_environment_variables(tmp_path):
    env = clean_env(
        tmp_path,
        DATABASE_URL="postgres://firstask:secret@db.example:5432/firstask",
        CELERY_BROKER_URL="redis://broker.example:6379/0",
    )

    shown = json.loads(python(SHOW_SETTINGS, env))

    assert shown["db_engine"] == "django.db.backends.postgresql"
    assert shown["db_name"] == "firstask"
    assert shown["broker_url"] == "redis://broker.example:6379/0"
    assert not shown["transport_options"]


# --- Celery --------------------------------------------------------------------------


# The embedded broker (bin/run's worker with beat) is tested with the sweep it runs:
# tests/cases/test_sweep_worker.py.


@pytest.mark.processes
@pytest.mark.redis
def test_redis_delivers_a_task_to_a_worker(tmp_path):
    """What the compose stack runs: a worker on Redis (its own queue, so that other
    workers on the same Redis neither take its task nor get disturbed)."""
    env = clean_env(tmp_path, CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    queue = f"infra-test-{uuid.uuid4().hex}"
    worker = celery_worker(env, tmp_path / "worker.log", "--queues", queue)
    try:
        worker.wait_for(lambda: "Connected to redis://" in worker.log(), 60, "connection")
        marker = tmp_path / "sent.txt"
        send_touch(env, marker, queue)
        worker.wait_for(marker.exists, 60, "task sent through Redis")
    finally:
        worker.stop()


# --- bin/run -------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_with(text):
    """Pids of processes whose environment contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if text.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def page_status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.mark.processes
@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (BASE_DIR / ".venv").resolve() or not Path("/proc").exists(),
    reason="runs bin/run with the project's .venv (run the tests with bin/test), on Linux",
)
def test_bin_run_serves_the_admin_and_stops_everything_it_started(tmp_path, migrated_sqlite_file):
    marker = f"firstask-bin-run-test-{uuid.uuid4().hex}"
    data = tmp_path / marker
    port = free_port()
    env = clean_env(data, PORT=str(port))
    # What a newcomer gets: no database or broker URL at all.
    del env["DATABASE_URL"], env["CELERY_BROKER_URL"]
    # The default database file, already migrated by this run's template (the test
    # database was migrated from nothing): bin/run's migrate finds nothing to apply
    # instead of rendering every migration a second time (half a minute of CPU).
    migrated_sqlite_file(data / "db.sqlite3")
    run = Process(["bash", str(BASE_DIR / "bin" / "run")], env, tmp_path / "run.log")
    try:
        if "load_demo" not in _commands():  # not written yet: bin/run must say so
            run.popen.wait(120)
            assert run.popen.returncode != 0
            assert "load_demo' does not exist" in run.log()
            return
        login = f"http://127.0.0.1:{port}/admin/login/"
        # Polls for readiness: alone this takes seconds, but on a loaded 2-core machine (the
        # whole suite beside it) migrating and loading the demo once took over 180 s.
        run.wait_for(lambda: page_status(login) == 200, 600, "admin login page")
        run.wait_for(lambda: re.search(r"ready\.", run.log()), 180, "Celery worker")
        address = f"http://127.0.0.1:{port}/admin/"
        run.wait_for(lambda: address in run.log(), 30, "admin address printed")
        assert len(processes_with(marker)) >= 3  # bash, runserver, celery (and children)

        status = run.stop(signal.SIGTERM, timeout=60)

        assert status == 128 + signal.SIGTERM, run.log()
        assert processes_with(marker) == [], run.log()
        assert page_status(login) is None
    finally:
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)
        if run.popen.poll() is None:
            run.stop(signal.SIGKILL)


def _commands():
    from django.core.management import get_commands

    return get_commands()


# --- the compose stack and the scripts ----------------------------------------------


PASSWORDS = {
    "POSTGRES_PASSWORD": "pg-secret",
    "DATABASE_OWNER_PASSWORD": "owner-secret",
    "DATABASE_APP_PASSWORD": "app-secret",
}


def test_compose_file_is_valid_and_complete():
    compose = shutil.which("docker-compose")
    if compose is None:
        if IN_CI:
            pytest.fail(".ci/run installs docker-compose; it is missing")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")

    def run(*args, **variables):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"COMPOSE_FILE", "SECRET_KEY", *PASSWORDS}
        }
        return subprocess.run(
            [compose, "-f", "docker-compose.yml", "config", *args],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, **variables},
        )

    def config(*args):
        result = run(*args, SECRET_KEY="s" * 50, **PASSWORDS)
        assert result.returncode == 0, result.stderr
        return result.stdout

    # No published secrets: without them the stack does not start.
    assert run("-q", **PASSWORDS).returncode != 0
    for missing in PASSWORDS:
        given = {k: v for k, v in PASSWORDS.items() if k != missing}
        assert run("-q", SECRET_KEY="s" * 50, **given).returncode != 0, missing

    assert set(config("--services").split()) == {
        "postgres",
        "redis",
        "migrate",
        "web",
        "worker",
        "webhooks",
        "beat",
        "replica",
        "pgbouncer",
    }
    assert set(config("--volumes").split()) == {
        "postgres-data",
        "replica-data",
        "media",
        "attachments",
    }
    services = re.split(r"^  (\w+):\n", config().split("\nvolumes:")[0], flags=re.MULTILINE)
    blocks = dict(zip(services[1::2], services[2::2], strict=True))
    for name, block in blocks.items():
        # migrate runs once and exits; the others are watched.
        assert "healthcheck:" in block or name == "migrate", f"{name} has no health check"
    assert "--queues" in blocks["webhooks"] and "webhooks" in blocks["webhooks"]
    for name in ("web", "worker", "webhooks", "beat"):
        assert "condition: service_healthy" in blocks[name], name
        # The application role, never the owner or the superuser (no DDL, no TRUNCATE).
        assert "DATABASE_URL: postgres://firstask_app:app-secret@" in blocks[name], name
        assert "DATABASE_ADMIN_URL" not in blocks[name] and "MIGRATE" not in blocks[name], name
        assert "CELERY_BROKER_URL: redis://redis:6379/0" in blocks[name], name
        assert "DJANGO_ENV: production" in blocks[name], name
        assert "CACHE_URL: rediscache://redis:6379/1" in blocks[name], name
    migrate = blocks["migrate"]
    assert "FIRSTASK_MIGRATE: '1'" in migrate or 'FIRSTASK_MIGRATE: "1"' in migrate
    assert "DATABASE_MIGRATE_URL: postgres://firstask_owner:owner-secret@" in migrate
    assert "DATABASE_ADMIN_URL: postgres://firstask:pg-secret@" in migrate
    assert 'restart: "no"' in migrate or "restart: 'no'" in migrate
    assert "condition: service_completed_successfully" in blocks["web"]
    assert "DatabaseScheduler" in blocks["beat"]
    # The several-machines layout is a profile: a plain "up" starts neither.
    for name in ("replica", "pgbouncer"):
        assert re.search(r"profiles:\n\s+- scale\n", blocks[name]), name


def test_compose_publishes_no_password_and_runs_the_production_profile():
    text = (BASE_DIR / "docker-compose.yml").read_text()

    assert "DJANGO_ENV: production" in text
    assert "CACHE_URL: rediscache://redis:" in text
    assert re.search(r"SECRET_KEY: \$\{SECRET_KEY:\?", text)
    for variable in PASSWORDS:
        assert not re.search(rf"{variable}:-", text), variable
    assert "insecure" not in text
    readme = (BASE_DIR / "README.md").read_text()
    compose_section = readme.split("## The compose stack")[1].split("\n## ")[0]
    assert "load_demo" not in compose_section or "--password" in compose_section


@pytest.mark.parametrize(
    "script", ["bin/run", "bin/test", "bin/setup-venv", ".ci/run", "docker/entrypoint.sh"]
)
def test_scripts_are_executable_and_parse(script):
    path = BASE_DIR / script
    assert os.access(path, os.X_OK), f"{script} is not executable"
    shell = "sh" if script.endswith(".sh") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("source", ["requirements.txt", "requirements-dev.txt"])
def test_the_lock_pins_every_requirement_with_hashes(source):
    lock = (BASE_DIR / source).with_suffix(".lock").read_text()
    entries = re.findall(
        r"^([a-z0-9][a-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:\w+)+)", lock, re.M
    )
    locked = {name: version for name, version, _hashes in entries}
    assert entries and len(locked) == len(re.findall(r"^[a-z0-9]", lock, re.M))
    for line in (BASE_DIR / source).read_text().splitlines():
        found = re.match(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?==(\S+)", line)
        if found:
            name = re.sub(r"[-_.]+", "-", found[1]).lower()
            assert locked.get(name) == found[3], f"{source}: {found[1]} is not locked at {found[3]}"
