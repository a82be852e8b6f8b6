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


def measure(call, runs):
    """p50 and p95 in milliseconds and the number of SQL queries of ``call()``."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        call()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        call()
    queries = len(captured)  # now: the next request empties the log
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, round(0.95 * len(seconds)) - 1)]
    return statistics.median(seconds) * 1000, p95 * 1000, queries


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


def report(size, build, rows, runs):
    print(f"\n{size:,} cases (built in {build:.0f} s)" if build else f"\n{size:,} cases")
    print(f"  {'row':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'p95/plain':>9}")
    plain = None
    for label, call in rows:
        p50, p95, queries = measure(call, runs)
        plain = plain or p95
        print(f"  {label:<44} {p50:>8.1f} {p95:>8.1f} {queries:>7} {p95 / plain:>9.1f}")


def client_for(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client
