"""The sweep as it runs for real: Celery beat fires it, a worker runs it and mails.

Against the machine's Redis and PostgreSQL (CI), and with the embedded broker and SQLite
that ``bin/run`` uses. Every process started here is stopped in a ``finally``.
"""

import datetime as dt
import json
import sqlite3
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from cases.models import Case, StageAlert
from cases.timelimits.sweep import sweep
from tests.cases.sweep_seed import seed_overdue_case, sweep_every_second
from tests.test_infrastructure import Process, clean_env, python, send_touch

SEED = (
    "import django, json; django.setup()\n"
    "from tests.cases.sweep_seed import seed_overdue_case, sweep_every_second\n"
    "print(json.dumps(seed_overdue_case())); sweep_every_second()\n"
)


def database_url():
    """The URL of the database this test runs on (the test database, not DATABASE_URL's)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_with_beat(env, log_path, *options):
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
            f"--hostname=sweep-test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *options,
        ],
        env,
        log_path,
    )


def mails_in(folder):
    return "".join(path.read_text(errors="replace") for path in Path(folder).glob("*.log"))


def mailed(folder, *texts):
    return lambda: all(text in mails_in(folder) for text in texts)


def env_for(tmp_path, **overrides):
    return clean_env(
        tmp_path / "data",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        # Beat and worker on a queue of their own: other workers on this Redis stay out.
        CELERY_TASK_DEFAULT_QUEUE=f"sweep-test-{uuid.uuid4().hex}",
        DJANGO_SETTINGS_MODULE="config.settings",
        **overrides,
    )


@pytest.mark.processes
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_on_redis_sweep_an_overdue_case_and_mail_the_clerk(tmp_path):
    number, email = seed_overdue_case()
    sweep_every_second()
    env = env_for(
        tmp_path, DATABASE_URL=database_url(), CELERY_BROKER_URL=settings.CELERY_BROKER_URL
    )
    worker = worker_with_beat(env, tmp_path / "worker.log")
    try:
        alert = StageAlert.objects.filter(case__number=number, kind="overdue")
        worker.wait_for(alert.exists, 60, "overdue alert written by the sweep")
        worker.wait_for(mailed(tmp_path / "mail", email, number), 60, "deadline mail")
    finally:
        worker.stop()
    assert "cases.tasks.sweep_deadlines" in worker.log()
    case = Case.objects.get(number=number)
    assert case.events.filter(action="overdue").count() == 1


@pytest.mark.processes
def test_bin_run_s_worker_runs_sent_tasks_and_beat_s_sweep_and_mails_on_the_embedded_broker(
    tmp_path, migrated_sqlite_file
):
    """What bin/run starts: one worker with embedded beat, on SQLite and the file system."""
    env = env_for(tmp_path)
    migrated_sqlite_file(tmp_path / "data" / "db.sqlite3")
    number, email = json.loads(python(SEED, env).strip().splitlines()[-1])
    worker = worker_with_beat(env, tmp_path / "worker.log", "--include=tests.test_infrastructure")
    database = tmp_path / "data" / "db.sqlite3"

    def overdue_recorded():
        with sqlite3.connect(database, timeout=10) as db:
            sql = "SELECT count(*) FROM cases_stagealert WHERE kind = 'overdue'"
            return db.execute(sql).fetchone()[0] == 1

    try:
        sent = tmp_path / "sent.txt"
        send_touch(env, sent, env["CELERY_TASK_DEFAULT_QUEUE"])
        worker.wait_for(sent.exists, 60, "task sent through the embedded broker")
        worker.wait_for(overdue_recorded, 90, "overdue alert written by the sweep beat fired")
        worker.wait_for(mailed(tmp_path / "mail", email, number), 60, "deadline mail")
    finally:
        worker.stop()


@pytest.mark.processes
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_cases_are_still_registered_and_the_next_sweep_catches_up(
    tmp_path,
):
    seed_overdue_case(code="DOWN", hours_ago=0)
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    env = env_for(tmp_path, DATABASE_URL=database_url(), CELERY_BROKER_URL=closed)
    script = (
        "import django, time; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from cases import services\n"
        "from departments.models import Department\n"
        "clerk = get_user_model().objects.get(username='DOWN-clerk')\n"
        "office = Department.objects.create(organisation=clerk.staff.organisation, name='办公室')\n"
        "started = time.monotonic()\n"
        "case = services.case_register(by=clerk, channel='visit', kind='application',\n"
        "    matter_text='broker down')\n"
        "services.case_transfer(case=case, by=clerk, to_department=office)\n"
        "print(case.number, round(time.monotonic() - started, 1))\n"
    )

    number, seconds = python(script, env, timeout=120).strip().splitlines()[-1].split()

    case = Case.objects.get(number=number)
    assert case.state == "transferred"
    assert float(seconds) < 15, "publishing to a dead broker must fail fast"
    # The sweep itself needs no broker: it finds everything that crossed meanwhile.
    sweep(timezone.now() + dt.timedelta(days=10))
    assert StageAlert.objects.filter(case=case, kind="overdue").exists()
