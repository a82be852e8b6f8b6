"""The daily summary tables: a period's numbers from its days' rows are the numbers counted
from the cases, at every level, and stay so as events touch days; the consistency check
finds any difference."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from cases.models import CaseEvent, StageClock
from penalties import metrics, services
from penalties.consistency import daily_count_findings
from penalties.metrics import daily
from penalties.models import COUNT_NAMES, CountedDay, DailyCount, ViolationKind
from penalties.periods import parse_period

from .metrics_data import NOW, at, build_quarter, callback, case, clock

pytestmark = pytest.mark.django_db
LEVELS = (metrics.ORGANISATION, metrics.DEPARTMENT, metrics.STAFF)
PERIODS = ("2026-04", "2026-05", "2026-06", "2026Q2", "2026")


def with_boundaries(p):
    """Rows on the edges of days: a stage met exactly at its deadline (in time), one met a
    minute late, cases registered at local midnight and a second before it, a stage open
    and due at midnight."""
    A, B = p.social, p.civil
    exact = case(
        p,
        first=p.clerk,
        held_by=A,
        handler=p.colleague,
        state="resolved",
        registered=at(5, 20, 0, 0),
        resolved_at=at(5, 21, 17, 30),
    )
    clock(exact, "resolve", A, p.colleague, due=at(5, 21, 17, 30), met=at(5, 21, 17, 30))
    late = case(
        p,
        first=p.civil_clerk,
        held_by=B,
        state="resolved",
        registered=at(5, 19, 23, 59) + dt.timedelta(seconds=59),
        resolved_at=at(5, 21, 17, 31),
    )
    clock(late, "resolve", B, p.civil_clerk, due=at(5, 21, 17, 30), met=at(5, 21, 17, 31))
    midnight = case(p, first=p.clerk, held_by=A, registered=at(6, 1, 0, 0))
    midnight.current_clock = clock(midnight, "forward", A, p.clerk, due=at(6, 2, 0, 0))
    midnight.save(update_fields=["current_clock"])
    return exact, late, midnight


@pytest.fixture
def quarter(people, preset):
    found = build_quarter(people, preset)
    found.exact, found.late, found.midnight = with_boundaries(people)
    return found


def counted(organisation):
    return daily.count_days(organisation, daily.days_to_count(organisation, NOW, limit=None), NOW)


def raw(organisation, label, level, now=NOW):
    found = metrics.compute(organisation, parse_period(label), level, now=now)
    return {key: n.counts() for key, n in found.items() if any(n.counts().values())}


def summed(organisation, label, level, now=NOW):
    found = daily.period_numbers(organisation, parse_period(label), level, now=now)
    return {key: n.counts() for key, n in found.items()}


def assert_same_as_raw(organisation, now=NOW):
    for label in PERIODS:
        for level in LEVELS:
            assert summed(organisation, label, level, now) == raw(organisation, label, level, now)


def test_count_names_are_the_metrics_counts():
    assert list(COUNT_NAMES) == metrics.Numbers.count_names()


def test_a_periods_daily_counts_add_up_to_its_numbers_from_the_cases(people, quarter):
    organisation = people.organisation

    assert counted(organisation) > 0

    assert_same_as_raw(organisation)
    assert daily.summary_findings(organisation, parse_period("2026"), NOW) == []
    june = summed(organisation, "2026Q2", metrics.ORGANISATION)[0]
    assert june["registered"] == raw(organisation, "2026Q2", metrics.ORGANISATION)[0]["registered"]


def test_a_stage_met_exactly_at_its_deadline_is_on_time_on_that_day(people, quarter):
    counted(people.organisation)

    row = DailyCount.objects.get(
        day=dt.date(2026, 5, 21), level=metrics.DEPARTMENT, subject=people.social.pk
    )
    late = DailyCount.objects.get(
        day=dt.date(2026, 5, 21), level=metrics.DEPARTMENT, subject=people.civil.pk
    )
    assert (row.resolve_due, row.resolve_on_time) == (1, 1)
    assert (late.resolve_due, late.resolve_on_time) == (1, 0)


def test_cases_are_counted_on_their_local_day(people, quarter):
    counted(people.organisation)

    on_19th = DailyCount.objects.get(day=dt.date(2026, 5, 19), level=metrics.ORGANISATION)
    on_20th = DailyCount.objects.get(day=dt.date(2026, 5, 20), level=metrics.ORGANISATION)
    assert (on_19th.registered, on_20th.registered) == (1, 1)


def test_final_days_are_read_from_the_summary_rows(people, quarter):
    organisation = people.organisation
    counted(organisation)
    row = DailyCount.objects.get(day=dt.date(2026, 5, 20), level=metrics.ORGANISATION)
    row.registered += 5
    row.save()

    organisation_numbers = summed(organisation, "2026-05", metrics.ORGANISATION)[0]

    expected = raw(organisation, "2026-05", metrics.ORGANISATION)[0]["registered"] + 5
    assert organisation_numbers["registered"] == expected
    assert daily.summary_findings(organisation, parse_period("2026-05"), NOW) == [
        (
            "organisation 0 2026-05-01…2026-05-31",
            "registered",
            expected,
            expected - 5,
        )
    ]


def test_a_day_counted_before_it_ended_is_counted_again_from_the_cases(people, quarter):
    organisation = people.organisation
    before_midnight = at(6, 1, 23)
    daily.count_days(
        organisation, daily.days_to_count(organisation, before_midnight), before_midnight
    )

    # The stage due at midnight on 2 June is overdue on the 2nd, and is counted there.
    assert_same_as_raw(organisation)
    assert dt.date(2026, 6, 1) in daily.days_to_count(organisation, NOW)
    stage = summed(organisation, "2026-06", metrics.STAFF)[people.clerk.pk]
    assert stage["forward_due"] - stage["forward_on_time"] >= 1


def meet_c3_late(quarter):
    """The overdue forwarding stage of c3 (due 7 May) is met on 20 June, late; its timeline
    line touches the case's days."""
    stage = StageClock.objects.get(case=quarter.c3, met_at__isnull=True)
    stage.met_at = at(6, 20)
    stage.save(update_fields=["met_at"])
    CaseEvent.objects.create(case=quarter.c3, at=at(6, 20), action="transfer")


def test_an_event_touches_the_days_of_its_case_until_the_sweep_counts_them(people, quarter):
    organisation = people.organisation
    counted(organisation)
    meet_c3_late(quarter)

    touched = set(
        CountedDay.objects.filter(organisation=organisation, touched=True).values_list(
            "day", flat=True
        )
    )
    assert {dt.date(2026, 5, 7), dt.date(2026, 6, 20), quarter.c3.registered_at.date()} <= touched
    assert_same_as_raw(organisation)

    assert daily.sweep_daily_counts(NOW, [organisation]) >= len(touched)

    assert not CountedDay.objects.filter(organisation=organisation, touched=True).exists()
    assert_same_as_raw(organisation)
    assert daily.summary_findings(organisation, parse_period("2026Q2"), NOW) == []


def test_a_violation_substantiated_later_touches_its_day(people, quarter):
    organisation = people.organisation
    counted(organisation)
    found = services.violation_report(
        by=people.supervisor.user,
        staff=people.civil_clerk,
        kind=ViolationKind.COMPLAINT,
        evidence="群众投诉",
        occurred_at=at(6, 3),
        at=at(6, 3),
    )
    services.violation_substantiate(
        violation=found, by=people.supervisor.user, note="查证属实", at=at(6, 3)
    )

    assert CountedDay.objects.get(organisation=organisation, day=dt.date(2026, 6, 3)).touched
    assert_same_as_raw(organisation)
    by_staff = summed(organisation, "2026-06", metrics.STAFF)
    assert by_staff[people.civil_clerk.pk]["violations"] == 1


def test_counting_the_same_days_twice_writes_the_same_rows(people, quarter):
    organisation = people.organisation
    counted(organisation)
    first = sorted(DailyCount.objects.values_list("day", "level", "subject", *COUNT_NAMES))

    daily.count_days(organisation, [dt.date(2026, 4, 1), dt.date(2026, 5, 21)], NOW)

    assert sorted(DailyCount.objects.values_list("day", "level", "subject", *COUNT_NAMES)) == first


def test_a_reached_callback_counts_on_its_day_for_the_case_holder(people, quarter):
    organisation = people.organisation
    callback(quarter.exact, at(5, 22), "satisfied")
    CaseEvent.objects.create(case=quarter.exact, at=at(5, 22), action="callback")
    counted(organisation)

    row = DailyCount.objects.get(
        day=dt.date(2026, 5, 22), level=metrics.STAFF, subject=people.colleague.pk
    )
    assert row.satisfied == 1
    assert_same_as_raw(organisation)


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def test_the_check_commands_report_a_difference(people, quarter, capsys, in_english):
    organisation = people.organisation
    call_command("daily_counts")
    call_command("daily_counts", "--check", "2026Q2")
    assert "agree" in capsys.readouterr().out
    DailyCount.objects.filter(day=dt.date(2026, 4, 2), level=metrics.DEPARTMENT).update(resolved=9)

    with pytest.raises(SystemExit):
        call_command("daily_counts", organisation.code, "--check", "2026Q2")

    out = capsys.readouterr().out
    assert f"{organisation.code} department " in out
    assert "2026-04-01…2026-06-30: resolved is" in out
    assert "in the daily counts, 3 in the cases" in out
    assert list(daily_count_findings(at(5, 20))) != []  # April and May


@pytest.mark.parametrize("counted_first", [True, False])
def test_the_months_of_the_trend_are_their_numbers_from_the_cases(people, quarter, counted_first):
    organisation = people.organisation
    if counted_first:
        counted(organisation)
    months = [parse_period(label) for label in ("2026-03", "2026-04", "2026-05", "2026-06")]

    found = daily.numbers_by_month(organisation, months, metrics.DEPARTMENT, now=NOW)

    for month in months:
        assert {key: n.counts() for key, n in found.get(month.label, {}).items()} == raw(
            organisation, month.label, metrics.DEPARTMENT
        )


def test_recounting_a_period_repairs_its_days(people, quarter, capsys, in_english):
    call_command("daily_counts")
    DailyCount.objects.filter(day=dt.date(2026, 4, 2), level=metrics.DEPARTMENT).update(resolved=9)

    call_command("daily_counts", "--recount", "2026-04")

    call_command("daily_counts", "--check", "2026Q2")
    assert "agree" in capsys.readouterr().out


def test_a_stage_overdue_after_its_day_was_counted_is_added_to_the_days_rows(people, quarter):
    organisation = people.organisation
    waiting = case(people, first=people.clerk, held_by=people.social, registered=at(5, 28))
    waiting.current_clock = clock(waiting, "forward", people.social, people.clerk, due=at(6, 1, 17))
    waiting.save(update_fields=["current_clock"])
    morning, evening = at(6, 1, 9), at(6, 1, 20)
    daily.count_days(organisation, daily.days_to_count(organisation, morning), morning)
    assert dt.date(2026, 6, 1) not in daily.final_days(
        organisation, dt.date(2026, 6, 1), NOW.date()
    )

    late = summed(organisation, "2026-06", metrics.STAFF, now=evening)[people.clerk.pk]

    assert (
        late["forward_due"]
        == raw(organisation, "2026-06", metrics.STAFF, evening)[people.clerk.pk]["forward_due"]
    )
    assert late["forward_due"] - late["forward_on_time"] == 1
    at_morning = summed(organisation, "2026-06", metrics.STAFF, now=morning)
    assert people.clerk.pk not in at_morning or at_morning[people.clerk.pk]["forward_due"] == 0


def test_the_assessment_sweep_counts_the_touched_days_first(people, quarter):
    organisation = people.organisation
    counted(organisation)
    CaseEvent.objects.create(case=quarter.c2, at=at(6, 5), action="urge")
    assert CountedDay.objects.filter(organisation=organisation, touched=True).exists()

    services.assessments_sweep(NOW)

    assert not CountedDay.objects.filter(organisation=organisation, touched=True).exists()
    assert_same_as_raw(organisation)


def test_the_readers_of_one_request_count_the_live_days_once(people, quarter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation = people.organisation
    counted(organisation)
    CaseEvent.objects.create(case=quarter.c2, at=at(6, 5), action="urge")  # June 5th: live
    june = parse_period("2026-06")
    only = [people.social.pk]

    with daily.shared_reads():
        everyone = daily.period_numbers(organisation, june, metrics.DEPARTMENT, now=NOW)
        with CaptureQueriesContext(connection) as again:
            social = daily.period_numbers(
                organisation, june, metrics.DEPARTMENT, now=NOW, only=only
            )

    assert {key: n.counts() for key, n in everyone.items()} == raw(
        organisation, "2026-06", metrics.DEPARTMENT
    )
    assert {key: n.counts() for key, n in social.items()} == {
        key: counts
        for key, counts in raw(organisation, "2026-06", metrics.DEPARTMENT).items()
        if key in only
    }
    assert len(again) == 0  # the second reader of the same days reads nothing again


def test_a_page_reads_large_touched_days_from_their_recent_count(client, people, quarter, settings):
    import time_machine

    settings.SUMMARY_STALE_SECONDS = 600
    settings.SUMMARY_LIVE_CASES = 0  # any touched day is large
    organisation = people.organisation
    counted(organisation)  # at NOW
    before = summed(organisation, "2026Q2", metrics.DEPARTMENT)
    meet_c3_late(quarter)  # since the count
    later, too_late = NOW + dt.timedelta(minutes=5), NOW + dt.timedelta(minutes=11)
    fresh = raw(organisation, "2026Q2", metrics.DEPARTMENT, now=later)
    assert fresh != before

    with daily.shared_reads():  # a page, five minutes after the count
        page = summed(organisation, "2026Q2", metrics.DEPARTMENT, now=later)
        as_of = daily.counted_as_of()
    with daily.shared_reads():  # the count is older than allowed: counted live
        old_count = summed(organisation, "2026Q2", metrics.DEPARTMENT, now=too_late)
        too_late_as_of = daily.counted_as_of()
    client.force_login(people.supervisor.user)
    with time_machine.travel(later, tick=False):
        dashboard = client.get("/reports/", {"period": "2026Q2"}).content.decode()

    assert (page, as_of) == (before, NOW)
    assert "近期有办理动态的日期按12:00的统计计算" in dashboard
    assert old_count == raw(organisation, "2026Q2", metrics.DEPARTMENT, now=too_late)
    assert too_late_as_of is None
    # Outside a page (the assessments, the consistency check) a touched day is always
    # counted live.
    assert summed(organisation, "2026Q2", metrics.DEPARTMENT, now=later) == fresh


@pytest.mark.parametrize("stale_seconds", [600, 0])
def test_a_page_counts_small_touched_days_live(people, quarter, settings, stale_seconds):
    settings.SUMMARY_STALE_SECONDS = stale_seconds  # 0: never read from a count
    settings.SUMMARY_LIVE_CASES = 1000  # the quarter's touched days hold a few cases
    organisation = people.organisation
    counted(organisation)
    meet_c3_late(quarter)

    with daily.shared_reads():
        page = summed(organisation, "2026Q2", metrics.DEPARTMENT)
        as_of = daily.counted_as_of()

    assert page == raw(organisation, "2026Q2", metrics.DEPARTMENT)
    assert as_of is None


def overdue_now(organisation, now=NOW):
    """The open stages past their deadline now, by department and stage, from the clocks."""
    from django.db.models import Count

    rows = (
        StageClock.objects.overdue(now)
        .filter(case__organisation=organisation, case__merged_into__isnull=True)
        .values_list("department", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(department, stage): n for department, stage, n in rows}


def overdue_summed(organisation, now=NOW):
    first = daily.first_day(organisation)
    found = daily.numbers_between(
        organisation, first, daily.local_day(now), metrics.DEPARTMENT, now=now
    )
    return {
        (department, stage): getattr(numbers, f"{stage}_open")
        for department, numbers in found.items()
        for stage in ("forward", "sign_for", "resolve", "callback")
        if getattr(numbers, f"{stage}_open")
    }


def test_the_overdue_work_now_is_the_sum_of_the_days_open_stages(people, quarter):
    organisation = people.organisation
    counted(organisation)
    assert overdue_summed(organisation) == overdue_now(organisation) != {}

    late = StageClock.objects.overdue(NOW).filter(case__organisation=organisation).first()
    late.met_at = NOW - dt.timedelta(hours=1)
    late.save(update_fields=["met_at"])
    daily.touch_cases([late.case_id])  # as the case services' timeline signal does

    assert overdue_summed(organisation) == overdue_now(organisation)
    counted(organisation)
    assert overdue_summed(organisation) == overdue_now(organisation)


def test_the_consistency_check_covers_the_counts_of_what_stands_now(people, quarter):
    organisation = people.organisation
    counted(organisation)
    row = DailyCount.objects.filter(organisation=organisation, level=metrics.ORGANISATION)
    row = row.filter(open_registered__gt=0).first()
    row.open_registered += 1
    row.save()

    found = daily.summary_findings(organisation, parse_period("2026"), NOW)

    assert [(name, stored - counted) for _where, name, stored, counted in found] == [
        ("open_registered", 1)
    ]
