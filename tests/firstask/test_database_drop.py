"""The database connections dropped under load (as a database restart does): requests in
flight fail cleanly with a 500, the next ones reconnect, and no registration is lost.

Runs gunicorn with two workers on the test database, driven by bench.load's clients."""

import pytest

from bench import load
from tests.test_infrastructure import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SECONDS, DROP_AT = 8.0, 3.0


def test_dropped_database_connections_fail_cleanly_recover_and_lose_nothing(tmp_path):
    target = load.seed(code="DROP", cases=5)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = load.server_env(tmp_path, CELERY_BROKER_URL="memory://")
    server = load.gunicorn(port, 2, env, tmp_path / "gunicorn.log")
    dropped = []
    try:
        load.wait_until_up(base, server)
        results = load.run_load(
            base,
            target,
            SECONDS,
            clients=3,
            drop=(DROP_AT, lambda: dropped.append(load.terminate_server_connections())),
        )
    finally:
        load.stop(server)

    assert dropped and dropped[0] > 0, "the server had no connection to drop"
    dropped_at = results.dropped_at
    failures = [(at, kind) for at, kind, ok in results.timeline if not ok]
    assert all(dropped_at - 1.0 <= at <= dropped_at + 1.5 for at, _kind in failures), (
        failures,
        results.error_samples,
    )
    assert all(sample.endswith("HTTP 500") for sample in results.error_samples), (
        results.error_samples
    )
    after = [ok for at, _kind, ok in results.timeline if at > dropped_at + 1.5]
    assert after and all(after)
    answered, found, rows = load.registrations(results.registered)
    assert answered > 0 and found == answered  # none lost
    assert rows - found <= results.errors["intake"]  # only a failed answer may hide a row
