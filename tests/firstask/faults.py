"""Processes the fault tests start and stop: a Redis of their own, Celery workers.

Every process runs in its own session and is stopped in a ``finally`` by its owner; the
Redis listens on a free port of 127.0.0.1, never on the machine's shared one.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.test_infrastructure import IN_CI, Process, clean_env, free_port


def redis_server_binary():
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if (Path(folder) / "redis-server").exists():
            return str(Path(folder) / "redis-server")
    if IN_CI:
        pytest.fail("redis-server is not installed", pytrace=False)
    pytest.skip("redis-server is not installed")


class RedisServer:
    """A throw-away redis-server: frozen with SIGSTOP, stopped and started on its port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = Process(
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            dict(os.environ),
            self.folder / f"redis-{time.monotonic_ns()}.log",
        )
        self.process.wait_for(self.answers, 20, "Redis answering")

    def answers(self):
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def freeze(self):
        os.kill(self.process.popen.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.popen.pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.thaw()
            self.process.stop(timeout=5)
            self.process = None


def database_url():
    """The URL of the test database this test runs on."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def fault_env(tmp_path, broker_url, **overrides):
    settings = {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "CELERY_TASK_DEFAULT_QUEUE": f"fault-test-{uuid.uuid4().hex}",
        "WEBHOOK_QUEUE": f"fault-test-webhooks-{uuid.uuid4().hex}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return clean_env(tmp_path / "data", **{**settings, **overrides})


def worker(env, log_path, *options):
    """A Celery worker with beat embedded (the drain and sweeps as in production)."""
    return Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-B",
            "--loglevel=info",
            "--pool=solo",
            f"--hostname=fault-test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *options,
        ],
        env,
        log_path,
    )


def run_script(code, env, timeout):
    """Run Python code in a fresh process; returns (exit status, output), killed on timeout."""
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output
    return process.returncode, output


def mails_in(folder: Path) -> str:
    return "".join(path.read_text(errors="replace") for path in folder.glob("*.log"))
