"""Assessment snapshots: weighted score, rank, bottom places, re-runs, locks, the beat task."""

from decimal import Decimal

import pytest

from penalties import services
from penalties.errors import ActionNotAllowed
from penalties.models import Assessment, AssessmentPeriod, AssessmentSettings
from penalties.periods import parse_period
from penalties.services.assessments import rank

from .metrics_data import NOW, at, build_quarter, case

pytestmark = pytest.mark.django_db
Q2 = parse_period("2026Q2")


def test_equal_scores_share_a_rank_and_the_last_three_places_are_flagged():
    places = rank({"a": 90, "b": 80, "c": 80, "d": 70, "e": 60, "f": 50}, 3)

    assert places == {
        "a": (1, False),
        "b": (2, False),
        "c": (2, False),
        "d": (4, True),
        "e": (5, True),
        "f": (6, True),
    }


def test_a_tie_across_the_line_is_not_flagged_but_a_tie_below_it_is():
    assert rank({"a": 90, "b": 80, "c": 80, "d": 60, "e": 50}, 3) == {
        "a": (1, False),
        "b": (2, False),
        "c": (2, False),
        "d": (4, True),
        "e": (5, True),
    }
    assert rank({"a": 90, "b": 80, "c": 70, "d": 70, "e": 70}, 3)["c"] == (3, True)


def test_no_bottom_place_when_there_are_no_more_subjects_than_places():
    assert rank({"a": 90, "b": 80, "c": 70}, 3) == {
        "a": (1, False),
        "b": (2, False),
        "c": (3, False),
    }


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


def departments(run):
    return {
        row.department.name: (row.score, row.rank, row.is_bottom)
        for row in run.rows.filter(staff__isnull=True).select_related("department")
    }


def test_the_quarter_is_scored_ranked_and_flagged_with_the_organisations_weights(people, quarter):
    AssessmentSettings.objects.create(
        organisation=people.organisation, bottom_count=1, minimum_volume=3
    )

    run = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    # Default weights 10/10/25/15/10/20/5/5 over forwarding, sign-for, on-time resolution,
    # resolution, callback, satisfaction, return, redo; a rate with nothing to measure is
    # left out and the weights of the others rescaled. 社会事务科 (no sign-for, no return):
    # (0·10 + 50·25 + 50·15 + 100·10 + 100·20 + 100·5) / 85 = 64.7059, − 5 for one
    # violation, + 1 for one commendation = 60.71. 民政科 (nothing forwarded):
    # (100·10 + 0·25 + 33.33·15 + 0·10 + 0·20 + 50·5 + 0·5) / 90 = 19.4439, + 1 = 20.44.
    # 首问办 handled nothing: no score, not ranked (it took first place with 100 before).
    assert departments(run) == {
        "首问办": (None, None, False),
        "社会事务科": (Decimal("60.71"), 1, False),
        "民政科": (Decimal("20.44"), 2, True),
    }
    colleague = run.rows.get(staff=people.colleague)
    assert (colleague.resolved, colleague.violations, colleague.penalties) == (2, 1, 3)
    assert colleague.counts["resolve_due"] == 2
    assert colleague.on_time_resolution_rate == Decimal("50.00")


def test_weights_are_the_organisations_setting(people, quarter):
    AssessmentSettings.objects.create(
        organisation=people.organisation,
        weight_on_time_forward=0,
        weight_on_time_sign_for=0,
        weight_on_time_resolution=0,
        weight_resolution=0,
        weight_callback=0,
        weight_satisfaction=1,
        weight_return=0,
        weight_redo=0,
        points_per_violation=Decimal(10),
        points_per_commendation=Decimal(0),
    )

    run = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    # Satisfaction alone: 100 and 0; minus 10 for the violation of 社会事务科.
    assert departments(run)["社会事务科"][0] == Decimal("90.00")
    assert departments(run)["民政科"][0] == Decimal("0.00")


def test_running_again_replaces_that_period_only(people, quarter):
    april = services.assess_period(
        organisation=people.organisation, period=parse_period("2026-04"), now=NOW
    )
    first = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)
    april_rows = set(april.rows.values_list("pk", flat=True))
    case(people, first=people.civil_clerk, held_by=people.civil, registered=at(5, 20))

    again = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    assert again.pk == first.pk
    assert again.rows.get(department=people.civil, staff=None).registered == 3
    assert set(april.rows.values_list("pk", flat=True)) == april_rows
    assert AssessmentPeriod.objects.count() == 2


def test_a_locked_quarter_keeps_its_published_ranking(people, quarter):
    run = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)
    published = departments(run)
    services.assessment_lock(by=people.supervisor.user, run=run, now=NOW)
    # A late correction: another case of 民政科 registered in May.
    case(people, first=people.civil_clerk, held_by=people.civil, registered=at(5, 20))

    with pytest.raises(ActionNotAllowed):
        services.assessment_compute(
            by=people.supervisor.user, organisation=people.organisation, period=Q2, now=NOW
        )
    services.assessments_sweep(at(7, 1, 2))  # the sweep skips it
    with pytest.raises(ActionNotAllowed):
        services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    run.refresh_from_db()
    assert departments(run) == published
    assert run.rows.get(department=people.civil, staff=None).registered == 2
    assert run.locked_by == people.supervisor


def test_only_a_supervisor_locks_and_only_a_period_that_has_ended(people, quarter):
    run = services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    with pytest.raises(ActionNotAllowed):
        services.assessment_lock(by=people.auditor.user, run=run, now=NOW)
    with pytest.raises(ActionNotAllowed):
        services.assessment_lock(by=people.supervisor.user, run=run, now=at(6, 30, 12))
    run.refresh_from_db()
    assert not run.is_locked


def test_the_beat_task_assesses_each_closed_month_quarter_and_year_once(
    people, quarter, other_organisation
):
    done = services.assessments_sweep(at(7, 1, 2))
    again = services.assessments_sweep(at(7, 1, 3))

    runs = dict(
        AssessmentPeriod.objects.filter(organisation=people.organisation).values_list(
            "label", "provisional"
        )
    )
    # Every closed period from the first case (31 March) once, final; the running month
    # again once an hour, provisional.
    assert runs == {
        "2026-03": False,
        "2026-04": False,
        "2026-05": False,
        "2026-06": False,
        "2026Q1": False,
        "2026Q2": False,
        "2026-07": True,
    }
    # The other organisation has no case: its running month only.
    assert (done, again) == (8, 2)
    assert Assessment.objects.filter(period__label="2026Q2", organisation=people.organisation)


def test_the_beat_task_leaves_out_an_organisation_that_switched_its_assessments_off(
    people, quarter, other_organisation
):
    other_organisation.runs_assessments = False
    other_organisation.save()

    done = services.assessments_sweep(at(7, 1, 2))

    # One organisation's: March to June, Q1, Q2 (closed, from its first case) and July.
    assert done == 7
    assert not AssessmentPeriod.objects.filter(organisation=other_organisation).exists()
    assert AssessmentPeriod.objects.filter(organisation=people.organisation).count() == 7


def test_a_provisional_month_becomes_final_after_it_ends_and_only_then_can_be_locked(people):
    services.assessments_sweep(at(6, 20, 12))
    june = AssessmentPeriod.objects.get(organisation=people.organisation, label="2026-06")
    assert june.provisional

    with pytest.raises(ActionNotAllowed):
        services.assessment_lock(by=people.supervisor.user, run=june, now=at(7, 1, 0, 30))
    services.assessments_sweep(at(7, 1, 2))
    june.refresh_from_db()
    services.assessment_lock(by=people.supervisor.user, run=june, now=at(7, 1, 3))

    june.refresh_from_db()
    assert (june.provisional, june.is_locked) == (False, True)


def test_the_beat_task_waits_an_hour_after_the_period_ends(people):
    case(people, first=people.clerk, held_by=people.social, registered=at(5, 20))

    services.assessments_sweep(at(7, 1, 0, 30))

    assert not AssessmentPeriod.objects.filter(label__in=["2026Q2", "2026-06"]).exists()
    assert AssessmentPeriod.objects.filter(label="2026-05").exists()


def test_the_assessment_task_is_in_the_beat_schedule():
    from cases.timelimits.schedule import PERIODIC_TASKS

    assert ("penalties.tasks.sweep_assessments", 5, "minutes") in PERIODIC_TASKS.values()


def test_the_assessment_task_runs_as_soon_as_beat_starts():
    from django_celery_beat.models import PeriodicTask

    # Installed after migrate with a start time: beat runs a task that has one and has
    # never run at its start, instead of one interval after each (re)start.
    task = PeriodicTask.objects.get(task="penalties.tasks.sweep_assessments")
    assert task.start_time is not None
    assert (task.interval.every, task.interval.period) == (5, "minutes")


def test_a_period_read_from_monthly_snapshots_and_live_months_adds_up_to_a_direct_count(
    people, quarter
):
    from penalties import metrics
    from penalties.metrics.summary import period_numbers

    for label in ("2026-04", "2026-05"):  # June has no snapshot: it is counted live
        services.assess_period(
            organisation=people.organisation, period=parse_period(label), now=NOW
        )

    for level in (metrics.ORGANISATION, metrics.DEPARTMENT, metrics.STAFF):
        composed = period_numbers(people.organisation, Q2, level, formula="three_levels", now=NOW)
        direct = metrics.compute(people.organisation, Q2, level, now=NOW)
        assert {k: n.counts() for k, n in composed.items() if any(n.counts().values())} == {
            k: n.counts() for k, n in direct.items()
        }, level
