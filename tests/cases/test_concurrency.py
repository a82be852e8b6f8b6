"""Concurrency on a real PostgreSQL: numbering and two people acting on one case."""

import threading

import pytest
from django.db import connection, transaction

from cases import services
from cases.errors import CaseChanged
from cases.models import Case

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


def test_parallel_registrations_get_consecutive_numbers_without_gaps(org, register):
    def register_five(_index):
        return [register().sequence for _ in range(5)]

    results, errors = run_in_threads(8, register_five)

    assert errors == [None] * 8
    numbers = sorted(n for batch in results for n in batch)
    assert numbers == list(range(1, 41))
    assert Case.objects.values("number").distinct().count() == 40


def test_a_rolled_back_registration_leaves_no_gap(org, register):
    first = register()
    with pytest.raises(RuntimeError), transaction.atomic():
        register()
        raise RuntimeError("the clerk's browser crashed")

    assert register().sequence == first.sequence + 1


def test_two_people_acting_on_one_case_at_once_one_wins_the_other_is_told(org, transferred):
    people = [org.handler, org.social_clerk]

    def accept(index):
        # Each works on the copy they loaded before the other acted.
        return services.case_accept(case=transferred, by=people[index].user)

    results, errors = run_in_threads(2, accept)

    assert sum(result is not None for result in results) == 1
    assert [type(error) for error in errors if error is not None] == [CaseChanged]
    transferred.refresh_from_db()
    assert transferred.handler in people
    assert transferred.events.filter(action="accept").count() == 1


def test_a_return_racing_a_sign_for_leaves_one_consistent_outcome(org, transferred):
    def act(index):
        if index == 0:
            return services.case_accept(case=transferred, by=org.handler.user)
        return services.case_return(
            case=transferred, by=org.social_clerk.user, reason="不归我们", duty_item=None
        )

    _results, errors = run_in_threads(2, act)

    assert sum(error is None for error in errors) == 1
    assert [type(e) for e in errors if e is not None] == [CaseChanged], errors
    transferred.refresh_from_db()
    transfer = transferred.transfers.get()
    assert (transfer.accepted_at is None) != (transfer.returned_at is None)
