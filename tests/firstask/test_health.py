"""/health/ tells a monitor whether the installation can do its work, and nothing secret."""

import datetime as dt

import pytest
import time_machine

from firstask import heartbeat, outbox

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def healthy(db):
    heartbeat.beat("deadline_sweep", NOW - dt.timedelta(minutes=1))


def get(client):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/health/")
    return response.status_code, response.json()


def test_a_working_installation_answers_200_with_each_check(client, healthy):
    status, body = get(client)

    assert status == 200
    assert body == {
        "status": "ok",
        "failing": [],
        "database": "ok",
        "broker": "ok",
        "outbox": {"pending": 0, "dead": 0, "oldest_pending_age_seconds": None},
        "deadline_sweep": {"last_run": "2026-11-23T08:59:00+00:00", "age_seconds": 60.0},
    }


def test_an_unreachable_broker_fails_without_naming_it(client, healthy, settings):
    settings.CELERY_BROKER_URL = "redis://:s3cret@127.0.0.1:1/0"  # nothing listens on port 1

    status, body = get(client)

    assert (status, body["broker"], body["failing"]) == (503, "unavailable", ["broker"])
    assert "s3cret" not in str(body) and "127.0.0.1" not in str(body)


def test_an_old_pending_message_and_a_stale_sweep_fail(client, db):
    heartbeat.beat("deadline_sweep", NOW - dt.timedelta(hours=1))
    with time_machine.travel(NOW - dt.timedelta(minutes=10), tick=False):
        outbox.publish("waiting", {})

    status, body = get(client)

    assert status == 503
    assert body["failing"] == ["deadline_sweep", "outbox"]
    assert body["outbox"] == {"pending": 1, "dead": 0, "oldest_pending_age_seconds": 600.0}


def test_a_sweep_that_never_ran_fails(client, db):
    status, body = get(client)
    assert (status, body["deadline_sweep"]["last_run"]) == (503, None)
