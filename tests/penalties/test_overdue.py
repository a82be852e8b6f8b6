"""Overdue stage clocks from the deadline sweep become suspected violations, one per clock."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import StageClock
from penalties import services
from penalties.models import (
    Source,
    Violation,
    ViolationAction,
    ViolationEvent,
    ViolationKind,
    ViolationState,
)

from .conftest import at, make_case

pytestmark = pytest.mark.django_db

DUE = at(2026, 6, 3, 17, 30)


def clock(case, stage="resolve", staff=None, department=None, due=DUE):
    """A stage clock of ``case`` that ran out at ``due`` (still open)."""
    return StageClock.objects.create(
        case=case,
        stage=stage,
        department=department or case.current_department,
        responsible=staff,
        started_at=at(2026, 6, 1),
        due_at=due,
    )


def record(clocks, now):
    """Record ``clocks`` as overdue; the violations this call created, oldest first."""
    pks = services.record_overdue_violations(
        clocks=StageClock.objects.filter(pk__in=[c.pk for c in clocks]), now=now
    )
    return list(Violation.objects.filter(pk__in=pks).order_by("pk"))


@pytest.fixture
def case(people):
    return make_case(people.social, people.clerk, state="transferred", handler=people.colleague)


def test_an_overdue_stage_without_a_violation_kind_is_refused_not_guessed(people, case):
    with pytest.raises(ValueError, match="teleport"):
        record([clock(case, "teleport", staff=people.colleague)], now=at(2026, 6, 3, 17, 31))

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
    [violation] = record(
        [clock(case, name, staff=people.colleague, department=people.social)],
        now=at(2026, 6, 3, 17, 31),
    )

    assert (violation.staff, violation.department, violation.case) == (
        people.colleague,
        people.social,
        case,
    )
    assert (violation.kind, violation.source, violation.stage) == (kind, Source.SWEEP, name)
    assert violation.state == ViolationState.SUSPECTED
    assert violation.occurred_at == DUE
    assert case.number in violation.evidence


def test_the_evidence_names_the_case_the_stage_and_the_local_deadline(people, case):
    [violation] = record([clock(case, "resolve", staff=people.colleague)], now=at(2026, 6, 4))

    assert violation.evidence == f"工单 {case.number}：“办结”环节应于 2026-06-03 17:30 前完成。"


def test_a_stage_without_a_person_is_the_department_heads(people, case):
    [violation] = record([clock(case, "sign_for", department=people.social)], now=at(2026, 6, 4))

    assert violation.staff == people.head


def test_a_stage_without_a_person_or_a_head_is_skipped_with_a_warning(people, case, caplog):
    people.civil.head = None
    people.civil.save()

    assert record([clock(case, department=people.civil)], now=at(2026, 6, 4)) == []
    assert "nobody to hold responsible" in caplog.text


def test_recording_the_same_stage_twice_creates_one_violation(people, case):
    overdue = [clock(case, staff=people.colleague, department=people.social)]

    first = record(overdue, now=at(2026, 6, 4))
    second = record(overdue, now=at(2026, 6, 4, 9))

    assert len(first) == 1
    assert second == []
    assert Violation.objects.count() == 1


def test_each_stage_of_a_case_is_its_own_violation(people, case):
    first = clock(case, "sign_for", staff=people.colleague)
    first.met_at = at(2026, 6, 3, 18)  # a case has one open clock at a time
    first.save()
    record([first, clock(case, "resolve", staff=people.colleague)], now=at(2026, 6, 4))

    assert Violation.objects.filter(case=case).count() == 2


def test_each_new_violation_has_its_history_row_and_its_report_on_the_timeline(people, case):
    now = at(2026, 6, 4)
    first = clock(case, "sign_for", staff=people.colleague)
    first.met_at = at(2026, 6, 3, 18)
    first.save()
    created = record([first, clock(case, "resolve", department=people.social)], now=now)

    assert len(created) == 2
    for violation in created:
        assert list(violation.history.values_list("history_type", "state", "origin")) == [
            ("+", ViolationState.SUSPECTED, violation.origin)
        ]
        assert list(violation.events.values_list("action", "to_state", "at", "actor")) == [
            (ViolationAction.REPORT, ViolationState.SUSPECTED, now, None)
        ]


def test_a_run_records_only_the_stages_no_run_recorded_before(people, case):
    other = make_case(people.social, people.clerk, state="transferred")
    overdue = [clock(case, staff=people.colleague), clock(other, staff=people.colleague)]
    [theirs] = record(overdue[:1], now=at(2026, 6, 4))

    [ours] = record(overdue, now=at(2026, 6, 4, 9))

    assert (theirs.case, ours.case) == (case, other)
    assert Violation.objects.count() == 2
    assert ViolationEvent.objects.count() == 2
    assert Violation.history.count() == 2


def queries_to_record(people, count):
    """Queries of recording ``count`` overdue stages, half of them answered for by the head."""
    cases = [make_case(people.social, people.clerk, state="transferred") for _ in range(count)]
    overdue = [
        clock(case, staff=people.colleague if n % 2 else None, department=people.social)
        for n, case in enumerate(cases)
    ]
    clocks = StageClock.objects.filter(pk__in=[c.pk for c in overdue])
    with CaptureQueriesContext(connection) as queries:
        created = services.record_overdue_violations(clocks=clocks, now=at(2026, 6, 4))
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
    overdue = [clock(case, staff=people.colleague) for case in cases]
    clocks = StageClock.objects.filter(case__in=cases)

    created = services.record_overdue_violations(clocks=clocks, now=at(2026, 6, 4))

    assert len(created) == 12
    assert ViolationEvent.objects.filter(violation__case__in=cases).count() == 12
    assert Violation.history.filter(case__in=cases).count() == 12
    assert services.record_overdue_violations(clocks=clocks, now=at(2026, 6, 5)) == []
    assert len(overdue) == 12


def test_the_violation_page_names_the_stage_in_the_users_language(client, people, case):
    [violation] = record([clock(case, "callback", staff=people.colleague)], now=at(2026, 6, 4))
    people.supervisor.user.is_staff = True
    people.supervisor.user.save()
    client.force_login(people.supervisor.user)

    page = client.get(reverse("admin:penalties_violation_change", args=[violation.pk]))

    html = page.content.decode().split("field-stage_label", 1)[1]
    stage = html[html.index('class="readonly"') :].split("</div>", 1)[0]
    assert "回访" in stage
    assert "callback" not in stage
    # The read-only yes/no fields' icons say 是/否, not Python's True/False.
    assert 'alt="False"' not in page.text and 'alt="True"' not in page.text
    assert 'alt="否"' in page.text
