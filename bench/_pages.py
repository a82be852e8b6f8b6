"""Timing pages in-process with Django's test client, beside a plain query as the yardstick."""

import argparse
import statistics
import time

from bench._django import setup


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per row")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--drop", action="store_true", help="drop the databases and stop")
    return parser.parse_args()


def prepare():
    setup()
    from django.test.utils import setup_test_environment

    # The test client's host; DEBUG off, as in production (and no query log filling up).
    setup_test_environment(debug=False)


def _count_queries(call):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)  # now: the next request empties the log


def _p50_p95(seconds):
    seconds = sorted(seconds)
    p95 = seconds[min(len(seconds) - 1, round(0.95 * len(seconds)) - 1)]
    return statistics.median(seconds) * 1000, p95 * 1000


def measure(call, runs, plain=None):
    """p50 and p95 in milliseconds and the number of SQL queries of ``call()``; with
    ``plain``, also its p50 and p95, timed alternately with ``call`` (one plain query
    before each request), so that both see the same state of the caches and the machine."""
    for _ in range(3):
        call()
        if plain is not None:
            plain()
    queries = _count_queries(call)
    seconds, yardstick = [], []
    for _ in range(runs):
        if plain is not None:
            started = time.perf_counter()
            plain()
            yardstick.append(time.perf_counter() - started)
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    p50, p95 = _p50_p95(seconds)
    if plain is None:
        return p50, p95, queries
    return p50, p95, queries, _p50_p95(yardstick)


def plain_query(organisation):
    """The yardstick: 100 cases of the organisation, newest first, as model instances."""
    from cases.models import Case

    def call():
        list(Case.objects.filter(organisation=organisation).order_by("-registered_at")[:100])

    return call


def page(client, url, params=None, status=200):
    def call():
        response = client.get(url, params or {})
        assert response.status_code == status, (url, params, response.status_code)

    return call


def report(size, build, rows, runs, plain):
    """Each row timed alternately with ``plain``, the yardstick: the last columns are the
    plain query's p95 measured between that row's requests, and the row's p95 against it
    (timed once before all the rows it was about half as slow, inflating the ratios)."""
    print(f"\n{size:,} cases (built in {build:.0f} s)" if build else f"\n{size:,} cases")
    print(
        f"  {'row':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'plain p95':>9} "
        f"{'p95/plain':>9}"
    )
    for label, call in rows:
        p50, p95, queries, (_plain50, plain95) = measure(call, runs, plain)
        print(
            f"  {label:<44} {p50:>8.1f} {p95:>8.1f} {queries:>7} {plain95:>9.1f} "
            f"{p95 / plain95:>9.1f}"
        )


def client_for(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    return logged_in(Client(), get_user_model().objects.get(username=username))


def logged_in(client, user):
    """``client`` logged in as ``user``, with the second login step done (a supervisor
    needs two-factor login), as the test suite's logins do."""
    from tests.two_factor import verify_session

    client.force_login(user)
    verify_session(client, user)
    return client
