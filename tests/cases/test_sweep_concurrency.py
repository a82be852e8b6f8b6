"""Two sweeps at once on a real PostgreSQL: the unique constraint, not timing, keeps every
alert single, and each run notifies only what it inserted."""

import threading
import time

import pytest
from django.db import connection

from cases.models import CaseEvent, StageAlert
from cases.timelimits.sweep import stage_alerts_recorded, sweep
from tests.cases.time_limits import at, make_policy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AFTER_EVERYTHING = at(2026, 12, 31, 9)


@pytest.fixture
def crossing(org, register):
    make_policy(org.organisation)
    return [register(at=at(2026, 11, 23, 9)) for _ in range(20)]


def in_threads(*targets):
    results, errors = {}, {}

    def run(name, target):
        try:
            results[name] = target()
        except Exception as error:  # asserted on below
            errors[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, t), name=n) for n, t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def assert_one_alert_per_clock_and_kind(results, cases):
    assert StageAlert.objects.count() == 2 * len(cases)
    notified = sum(r.warnings + r.overdue for r in results.values())
    assert notified == 2 * len(cases)  # each alert reported by exactly one run
    assert CaseEvent.objects.filter(action__in=["deadline_warning", "overdue"]).count() == (
        2 * len(cases)
    )


def test_two_sweeps_started_together_record_each_alert_once(crossing):
    barrier = threading.Barrier(2)

    def go():
        barrier.wait(timeout=10)
        return sweep(AFTER_EVERYTHING)

    results, errors = in_threads(("A", go), ("B", go))

    assert errors == {}
    assert_one_alert_per_clock_and_kind(results, crossing)


def test_a_sweep_that_meets_another_ones_uncommitted_alerts_waits_and_adds_nothing(crossing):
    a_has_inserted = threading.Event()

    def hold_a_open(sender, **kwargs):
        if threading.current_thread().name == "A":
            a_has_inserted.set()
            time.sleep(1)  # B starts now and runs into A's uncommitted rows

    def sweep_b():
        assert a_has_inserted.wait(timeout=30)
        return sweep(AFTER_EVERYTHING)

    stage_alerts_recorded.connect(hold_a_open)
    try:
        results, errors = in_threads(("A", lambda: sweep(AFTER_EVERYTHING)), ("B", sweep_b))
    finally:
        stage_alerts_recorded.disconnect(hold_a_open)

    assert errors == {}
    assert (results["A"].warnings, results["A"].overdue) == (20, 20)
    assert (results["B"].warnings, results["B"].overdue) == (0, 0)
    assert_one_alert_per_clock_and_kind(results, crossing)


def test_a_case_action_during_a_sweep_neither_deadlocks_nor_fails(org, register):
    """The sweep marks a clock, then a handler acts on the case before the sweep commits:
    the handler waits for the sweep; the sweep's foreign-key checks at commit must not wait
    for the handler's lock on the case (that would be a deadlock, and one of them fails)."""
    from cases import services

    make_policy(org.organisation)
    case = register(at=at(2026, 11, 23, 9))
    sweep_marked, handler_started = threading.Event(), threading.Event()

    def hold_the_sweep_open(sender, **kwargs):
        if threading.current_thread().name == "sweep":
            sweep_marked.set()
            assert handler_started.wait(timeout=30)
            time.sleep(1.5)  # the handler now holds the case and waits for the clock

    def act_on_the_case():
        assert sweep_marked.wait(timeout=30)
        handler_started.set()
        return services.case_transfer(case=case, by=org.clerk.user, at=AFTER_EVERYTHING)

    stage_alerts_recorded.connect(hold_the_sweep_open)
    try:
        results, errors = in_threads(
            ("sweep", lambda: sweep(AFTER_EVERYTHING)), ("handler", act_on_the_case)
        )
    finally:
        stage_alerts_recorded.disconnect(hold_the_sweep_open)

    assert errors == {}
    assert results["sweep"].overdue == 1
    assert StageAlert.objects.filter(case=case).count() == 2
