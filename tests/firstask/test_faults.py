"""Faults on PostgreSQL and a Redis of the test's own: the broker stopped or frozen during
intake, transfer and resolution. Nothing is lost, nothing doubled, no step waits.

Each test starts its own redis-server (on a free port) and Celery worker, and stops them.
"""

import json

import pytest

from bench import load
from firstask.models import OutboxMessage, OutboxState
from tests.firstask import fault_seed
from tests.firstask.faults import RedisServer, fault_env, mails_in, run_script, worker
from tests.test_infrastructure import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

WALK = (
    "import django, json; django.setup()\n"
    "from tests.firstask.fault_seed import walk_cases\n"
    "print(json.dumps(walk_cases({code!r}, {count}, {tag!r})))\n"
)
# A frozen broker must not hold a step: far below gunicorn's 30 s worker timeout.
STEP_LIMIT = 5.0


def post_intake_through_gunicorn(tmp_path, broker_url):
    """One intake POST to gunicorn whose broker is ``broker_url``; returns its seconds."""
    target = load.seed(code="WEB", cases=0)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = load.server_env(tmp_path, CELERY_BROKER_URL=broker_url)
    server = load.gunicorn(port, 1, env, tmp_path / "gunicorn.log")
    try:
        load.wait_until_up(base, server)
        results = load.Results()
        client = load.Client(base, {**target, "cases": [(0, "", "")]}, results, 0.0)
        client.login()
        client.one("intake")
    finally:
        load.stop(server)
    assert results.errors["intake"] == 0, results.error_samples
    return results.times["intake"][0]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def walk(env, count, tag):
    status, output = run_script(WALK.format(code="FLT", count=count, tag=tag), env, timeout=60)
    assert status is not None, f"the steps hung with the broker down:\n{output}"
    assert status == 0, output
    return json.loads(output.strip().splitlines()[-1])


def test_with_redis_frozen_then_stopped_steps_are_quick_and_each_notice_is_mailed_once(
    tmp_path, redis_server
):
    fault_seed.seed()
    fault_seed.drain_every_second()
    env = fault_env(tmp_path, redis_server.url)

    redis_server.freeze()  # accepts connections, never answers
    frozen = walk(env, 2, "frozen")
    intake_post = post_intake_through_gunicorn(tmp_path, redis_server.url)
    redis_server.thaw()
    redis_server.stop()
    stopped = walk(env, 2, "stopped")

    assert max(max(steps) for steps in frozen + stopped) < STEP_LIMIT, (frozen, stopped)
    assert intake_post < STEP_LIMIT
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).count() == 9
    redis_server.start()
    drainer = worker(env, tmp_path / "worker.log")
    try:
        drainer.wait_for(
            lambda: not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists(),
            60,
            "every outbox message sent",
        )
    finally:
        drainer.stop()
    mails = mails_in(tmp_path / "mail")
    for fault in ("frozen", "stopped"):
        for i in range(2):
            assert mails.count(f"{fault}-{i}-transfer") == 1, mails
            assert mails.count(f"{fault}-{i}-resolved") == 1, mails
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
