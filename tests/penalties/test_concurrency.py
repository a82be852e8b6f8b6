"""Doubled runs at once on a real PostgreSQL: nothing is recorded or applied twice."""

import threading

import pytest
from django.db import connection

from cases.models import StageClock
from penalties import services
from penalties.models import (
    Commendation,
    Penalty,
    Violation,
    ViolationAction,
    ViolationEvent,
    ViolationState,
)

from .conftest import at, make_case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count, target):
    """Run ``target(index)`` in ``count`` threads started together; collect results/errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as error:  # collected and asserted on by the test
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_a_doubled_sweep_substantiates_each_unanswered_self_check_once(people, preset, report):
    preset("municipal")
    for staff in (people.clerk, people.colleague, people.civil_clerk):
        violation = report(staff=staff, when=at(2026, 9, 28))
        services.violation_send_self_check(
            violation=violation, by=people.supervisor.user, at=at(2026, 9, 30, 16)
        )

    results, errors = run_in_threads(4, lambda _i: services.penalties_sweep(at(2026, 10, 14, 8)))

    assert errors == [None] * 4
    assert sum(result["substantiated"] for result in results) == 3
    assert Violation.objects.filter(state=ViolationState.SUBSTANTIATED).count() == 3
    assert (
        ViolationEvent.objects.filter(action=ViolationAction.SUBSTANTIATE_BY_DEADLINE).count() == 3
    )
    # Three people × (notice, −20 %, rating cap) and their heads' −5 % each: nothing doubled.
    assert Penalty.objects.count() == 3 * 3 + 3
    assert sum(result["rated"] for result in results) == 1


def test_overdue_stages_recorded_twice_at_once_are_one_violation_each(people):
    cases = [make_case(people.social, people.clerk, state="transferred") for _ in range(5)]
    for case in cases:
        StageClock.objects.create(
            case=case,
            stage="resolve",
            department=people.social,
            responsible=people.colleague,
            started_at=at(2026, 6, 1),
            due_at=at(2026, 6, 3, 17, 30),
        )
    clocks = StageClock.objects.filter(case__in=cases)

    results, errors = run_in_threads(
        3, lambda _i: services.record_overdue_violations(clocks=clocks, now=at(2026, 6, 4))
    )

    assert errors == [None] * 3
    assert sum(len(created) for created in results) == 5
    assert Violation.objects.count() == 5


def test_two_offences_of_one_person_decided_at_once_are_numbered_one_and_two(
    people, preset, report
):
    preset("municipal")
    violations = [report(when=at(2026, 3, 2)), report(when=at(2026, 3, 2))]

    _results, errors = run_in_threads(
        2,
        lambda i: services.violation_substantiate(
            violation=violations[i], by=people.supervisor.user, at=at(2026, 3, 3, 9)
        ),
    )

    assert errors == [None, None]
    # Whichever commits first, the live ledger ends up with the 1st and the 2nd offence (the
    # later decision may re-count the earlier one, with a revocation line, when it sorts first).
    live = Penalty.objects.live()
    numbers = live.filter(staff=people.clerk, sanction_kind="bonus_deduction")
    assert sorted(numbers.values_list("offence_number", "amount_min")) == [(1, 20), (2, 50)]
    assert sorted(live.filter(staff=people.head).values_list("amount_min", flat=True)) == [5, 10]


def test_a_doubled_quarter_end_run_commends_once(people, preset):
    from cases.models import Callback

    preset("municipal")
    for n in range(6):
        case = make_case(
            people.social,
            people.clerk,
            state="called_back",
            handler=people.colleague,
            at=at(2026, 4, 1 + n),
        )
        Callback.objects.create(
            case=case,
            at=at(2026, 5, 1),
            by=people.clerk,
            contact_result="reached",
            satisfaction="satisfied",
        )

    _results, errors = run_in_threads(3, lambda _i: services.penalties_sweep(at(2026, 7, 1, 1)))

    assert errors == [None] * 3
    assert Commendation.objects.count() == 2


def test_a_complaint_submitted_twice_at_once_is_one_violation(people):
    case = make_case(people.office, people.supervisor, kind="complaint", subject_staff=people.clerk)

    results, errors = run_in_threads(2, lambda _i: services.violation_from_complaint(case))

    assert errors == [None, None]
    assert results[0] == results[1]
    assert Violation.objects.count() == 1


def test_a_doubled_deadline_sweep_records_each_overdue_stage_once(people):
    from cases import services as case_services
    from cases.timelimits.sweep import sweep
    from tests.cases.time_limits import make_policy

    make_policy(people.organisation)
    for n in range(4):
        case_services.case_register(
            by=people.clerk.user,
            channel="visit",
            kind="application",
            matter_text=f"咨询事项{n}",
            person={"name": "市民甲", "phone": "13800000001"},
            at=at(2026, 11, 23, 9),
        )

    _results, errors = run_in_threads(3, lambda _i: sweep(at(2026, 11, 26, 9)))

    assert errors == [None] * 3
    assert Violation.objects.filter(kind="overdue_forward", staff=people.clerk).count() == 4
