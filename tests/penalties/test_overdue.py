"""Overdue stages from the deadline sweep become suspected violations, one per stage."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from penalties import services
from penalties.hooks import overdue_stages
from penalties.models import (
    Source,
    Violation,
    ViolationAction,
    ViolationEvent,
    ViolationKind,
    ViolationState,
)
from penalties.services import sources

from .conftest import at, make_case

pytestmark = pytest.mark.django_db


def stage(case, stage="resolve", key=None, staff=None, department=None):
    return services.OverdueStage(
        case_id=case.pk,
        stage=stage,
        key=key or f"clock:{case.pk}:{stage}",
        due_at=at(2026, 6, 3, 17, 30),
        staff_id=staff.pk if staff else None,
        department_id=department.pk if department else None,
    )


@pytest.fixture
def case(people):
    return make_case(people.social, people.clerk, state="transferred", handler=people.colleague)


def test_an_overdue_stage_without_a_violation_kind_is_refused_not_guessed(people, case):
    with pytest.raises(ValueError, match="teleport"):
        services.record_overdue_violations(
            overdue=[stage(case, "teleport", staff=people.colleague)],
            now=at(2026, 6, 3, 17, 31),
        )

    assert not Violation.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("forward", ViolationKind.OVERDUE_FORWARD),
        ("sign_for", ViolationKind.OVERDUE_FORWARD),
        ("resolve", ViolationKind.OVERDUE_RESOLUTION),
        ("callback", ViolationKind.OVERDUE_CALLBACK),
    ],
)
def test_an_overdue_stage_is_a_suspected_violation_of_the_person_responsible(
    people, case, name, kind
):
    [violation] = services.record_overdue_violations(
        overdue=[stage(case, name, staff=people.colleague, department=people.social)],
        now=at(2026, 6, 3, 17, 31),
    )

    assert (violation.staff, violation.department, violation.case) == (
        people.colleague,
        people.social,
        case,
    )
    assert (violation.kind, violation.source, violation.stage) == (kind, Source.SWEEP, name)
    assert violation.state == ViolationState.SUSPECTED
    assert violation.occurred_at == at(2026, 6, 3, 17, 30)
    assert case.number in violation.evidence


def test_a_stage_without_a_person_is_the_department_heads(people, case):
    [violation] = services.record_overdue_violations(
        overdue=[stage(case, "sign_for", department=people.social)], now=at(2026, 6, 4)
    )

    assert violation.staff == people.head


def test_recording_the_same_stage_twice_creates_one_violation(people, case):
    overdue = [stage(case, staff=people.colleague, department=people.social)]

    first = services.record_overdue_violations(overdue=overdue, now=at(2026, 6, 4))
    second = services.record_overdue_violations(overdue=overdue + overdue, now=at(2026, 6, 4, 9))

    assert len(first) == 1
    assert second == []
    assert Violation.objects.count() == 1


def test_each_stage_of_a_case_is_its_own_violation(people, case):
    services.record_overdue_violations(
        overdue=[
            stage(case, "sign_for", staff=people.colleague),
            stage(case, "resolve", staff=people.colleague),
        ],
        now=at(2026, 6, 4),
    )

    assert Violation.objects.filter(case=case).count() == 2


def test_only_overdue_alerts_of_the_sweep_become_stages_keyed_by_clock():
    alert = {
        "kind": "warning",
        "case_id": 1,
        "clock_id": 2,
        "crossed_at": at(2026, 6, 3, 17, 30),
        "clock__stage": "resolve",
        "clock__responsible_id": 3,
        "clock__department_id": 4,
    }

    assert overdue_stages([alert]) == []
    assert overdue_stages([{**alert, "kind": "overdue"}]) == [
        services.OverdueStage(
            case_id=1,
            stage="resolve",
            key="clock:2",
            due_at=at(2026, 6, 3, 17, 30),
            staff_id=3,
            department_id=4,
        )
    ]


def test_each_new_violation_has_its_history_row_and_its_report_on_the_timeline(people, case):
    now = at(2026, 6, 4)
    created = services.record_overdue_violations(
        overdue=[
            stage(case, "sign_for", staff=people.colleague),
            stage(case, "resolve", department=people.social),
        ],
        now=now,
    )

    assert len(created) == 2
    for violation in created:
        assert list(violation.history.values_list("history_type", "state", "origin")) == [
            ("+", ViolationState.SUSPECTED, violation.origin)
        ]
        assert list(violation.events.values_list("action", "to_state", "at", "actor")) == [
            (ViolationAction.REPORT, ViolationState.SUSPECTED, now, None)
        ]


def test_a_stage_another_run_recorded_after_this_one_looked_is_left_to_it(
    people, case, monkeypatch
):
    overdue = [
        stage(case, "sign_for", staff=people.colleague),
        stage(case, "resolve", staff=people.colleague),
    ]
    [theirs] = services.record_overdue_violations(overdue=overdue[:1], now=at(2026, 6, 4))
    # This run looks before the other one's insert is visible, then inserts and collides.
    looked = []
    recorded_origins = sources._recorded_origins

    def look_too_early(origins):
        looked.append(origins)
        return set() if len(looked) == 1 else recorded_origins(origins)

    monkeypatch.setattr(sources, "_recorded_origins", look_too_early)

    [ours] = services.record_overdue_violations(overdue=overdue, now=at(2026, 6, 4, 9))

    assert (theirs.stage, ours.stage) == ("sign_for", "resolve")
    assert Violation.objects.count() == 2
    assert ViolationEvent.objects.count() == 2
    assert Violation.history.count() == 2


def queries_to_record(people, count):
    """Queries of recording ``count`` overdue stages, half of them answered for by the head."""
    cases = [make_case(people.social, people.clerk, state="transferred") for _ in range(count)]
    overdue = [
        stage(case, staff=people.colleague if n % 2 else None, department=people.social)
        for n, case in enumerate(cases)
    ]
    with CaptureQueriesContext(connection) as queries:
        created = services.record_overdue_violations(overdue=overdue, now=at(2026, 6, 4))
    assert len(created) == count
    return len(queries)


def test_recording_overdue_stages_costs_the_same_queries_for_3_and_for_30(people):
    assert queries_to_record(people, 3) == queries_to_record(people, 30)


def test_more_stages_than_a_statement_takes_parameters_are_read_and_written_in_batches(
    people, monkeypatch
):
    # SQLite caps a statement's parameters; the IN lists are split under that cap.
    monkeypatch.setattr(connection.features, "max_query_params", 5)
    cases = [make_case(people.social, people.clerk, state="transferred") for _ in range(12)]

    created = services.record_overdue_violations(
        overdue=[stage(case, staff=people.colleague) for case in cases], now=at(2026, 6, 4)
    )

    assert len(created) == 12
    assert ViolationEvent.objects.filter(violation__case__in=cases).count() == 12
    assert (
        services.record_overdue_violations(
            overdue=[stage(case, staff=people.colleague) for case in cases], now=at(2026, 6, 5)
        )
        == []
    )
