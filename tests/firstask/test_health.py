"""/health/ tells a monitor whether the installation can do its work, and nothing secret.

Anyone gets up or down, quickly (throttled like the public pages); the platform operator
and a caller with HEALTH_TOKEN get each check."""

import datetime as dt
import socket
import time

import pytest
import time_machine
from django.core.cache import cache

from firstask import heartbeat, outbox
from tests.factories import StaffFactory, UserFactory

TOKEN = "health-token-7f3k9q"

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.HEALTH_TOKEN = TOKEN
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def healthy(db):
    heartbeat.beat("deadline_sweep", NOW - dt.timedelta(minutes=1))


def get(client, **headers):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/health/", headers={"X-Health-Token": TOKEN, **headers})
    return response.status_code, response.json()


def test_anyone_learns_only_up_or_down(client, healthy):
    with time_machine.travel(NOW, tick=False):
        up = client.get("/health/")
        outbox.publish("waiting", {})
        heartbeat.beat("deadline_sweep", NOW - dt.timedelta(hours=1))
        down = client.get("/health/")

    assert (up.status_code, up.json()) == (200, {"status": "ok"})
    assert (down.status_code, down.json()) == (503, {"status": "failing"})


@pytest.mark.parametrize("token", ["", "wrong", TOKEN + "x"])
def test_a_wrong_or_missing_token_gets_no_details(client, healthy, token):
    status, body = get(client, **{"X-Health-Token": token})

    assert (status, body) == (200, {"status": "ok"})


def test_without_a_token_setting_no_header_opens_the_details(client, healthy, settings):
    settings.HEALTH_TOKEN = ""

    status, body = get(client, **{"X-Health-Token": ""})

    assert (status, body) == (200, {"status": "ok"})


def test_the_platform_operator_sees_the_details_but_staff_do_not(client, healthy):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    operator = get(client, **{"X-Health-Token": ""})[1]
    client.force_login(StaffFactory(roles=["administrator"]).user)
    administrator = get(client, **{"X-Health-Token": ""})[1]

    assert "outbox" in operator and "deadline_sweep" in operator
    assert administrator == {"status": "ok"}


def test_anonymous_calls_are_throttled(client, healthy, settings):
    settings.PUBLIC_PAGES_PER_MINUTE = 2

    with time_machine.travel(NOW, tick=False):
        statuses = [client.get("/health/").status_code for _ in range(3)]
    with_token = get(client)[0]

    assert statuses == [200, 200, 429]
    assert with_token == 200


@pytest.fixture
def frozen_redis():
    """A port that accepts connections and never answers, as a SIGSTOPped Redis does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_frozen_broker_is_reported_within_a_third_of_a_second(
    client, healthy, settings, frozen_redis
):
    settings.CELERY_BROKER_URL = frozen_redis
    client.get("/health/")  # the first request loads what it imports

    began = time.perf_counter()
    response = client.get("/health/")
    seconds = time.perf_counter() - began

    assert (response.status_code, response.json()) == (503, {"status": "failing"})
    print(f"/health/ with a frozen broker: {seconds:.3f} s")
    assert seconds < 0.5, seconds  # HEALTH_TIMEOUT (0.25 s) and the checks' own queries


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
