"""Workers killed with SIGKILL mid-drain and mid-sweep (PostgreSQL, a Redis of the
test's own): what they had not committed is done again by the next worker, once."""

import datetime as dt
import signal

import pytest
from django.db import connection

from cases.models import StageAlert
from firstask.models import Heartbeat, OutboxMessage, OutboxState
from tests.cases.sweep_seed import seed_overdue_case, sweep_every_second
from tests.firstask import fault_seed
from tests.firstask.faults import RedisServer, fault_env, mails_in, worker
from tests.firstask.slow_handler import TOPIC
from tests.transactions import held_open_in_another_connection

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def sweep_waits_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query ILIKE %s",
            ["%firstask_heartbeat%"],
        )
        return cursor.fetchone()[0] > 0


def test_workers_killed_mid_drain_and_mid_sweep_lose_and_double_nothing(tmp_path):
    server = RedisServer(tmp_path)
    env = fault_env(tmp_path, server.url)
    include = "--include=tests.firstask.slow_handler"
    log = tmp_path / "deliveries.log"
    log.touch()
    number, email = seed_overdue_case(code="KILL")
    fault_seed.drain_every_second()
    sweep_every_second()
    for n in range(3):
        OutboxMessage.objects.create(topic=TOPIC, payload={"n": n, "log": str(log)})
    Heartbeat.objects.create(name="deadline_sweep", at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    workers = []
    try:
        # 1. Killed while delivering message 0: its claim is rolled back, not lost.
        workers.append(worker(env, tmp_path / "worker-1.log", include))
        workers[-1].wait_for(lambda: "start 0" in log.read_text(), 60, "delivery started")
        workers[-1].stop(sig=signal.SIGKILL)
        assert "end 0" not in log.read_text()
        assert OutboxMessage.objects.get(payload__n=0).state == OutboxState.PENDING

        # 2. Killed while the sweep holds its alerts, uncommitted (it waits on a lock).
        lock = Heartbeat.objects.select_for_update().filter(name="deadline_sweep")
        with held_open_in_another_connection(lambda: list(lock)):
            workers.append(worker(env, tmp_path / "worker-2.log", include))
            workers[-1].wait_for(sweep_waits_for_a_lock, 90, "the sweep in its transaction")
            workers[-1].stop(sig=signal.SIGKILL)
        assert not StageAlert.objects.exists()

        # 3. The next worker does all of it, once.
        workers.append(worker(env, tmp_path / "worker-3.log", include))
        workers[-1].wait_for(
            lambda: (
                StageAlert.objects.filter(kind="overdue").exists()
                and not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()
            ),
            90,
            "the sweep's alerts and every message sent",
        )
    finally:
        for started in workers:
            started.stop()
        server.stop()

    deliveries = log.read_text().splitlines()
    assert sorted(line for line in deliveries if line.startswith("end")) == [
        "end 0",
        "end 1",
        "end 2",
    ]
    assert StageAlert.objects.filter(kind="overdue").count() == 1
    mails = mails_in(tmp_path / "mail")
    assert mails.count(number) == 1 and email in mails
