"""The deadline sweep: one warning and one overdue alert per stage, however often it runs."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cases import services, tasks
from cases.choices import AlertKind, Channel, EventAction, Kind, Stage
from cases.models import Case, StageAlert, StageClock
from cases.timelimits.schedule import install_periodic_tasks
from cases.timelimits.sweep import stage_alerts_recorded, sweep
from departments.roles import Role
from firstask.outbox import drain
from tests.cases.time_limits import at, make_policy
from tests.factories import DepartmentFactory, MatterFactory, StaffFactory

MON_9 = at(2026, 11, 23, 9)
WARN = at(2026, 11, 25, 10, 52, 30)  # forward clock of a case registered MON_9: 2 working days
DUE = at(2026, 11, 25, 17, 30)


@pytest.fixture
def policy(org):
    return make_policy(org.organisation)


@pytest.fixture
def case(policy, register):
    return register(at=MON_9)


def alerts(case=None):
    found = StageAlert.objects.all() if case is None else StageAlert.objects.filter(case=case)
    return sorted(found.values_list("kind", "crossed_at"))


def test_nothing_happens_before_the_warning_point(case):
    result = sweep(WARN - dt.timedelta(seconds=1))

    assert (result.warnings, result.overdue) == (0, 0)
    assert alerts() == []


def test_a_stage_past_its_warning_point_is_warned_once_and_shows_when(case):
    first = sweep(WARN)
    second = sweep(WARN + dt.timedelta(minutes=1))

    assert (first.warnings, first.overdue, second.warnings) == (1, 0, 0)
    assert alerts() == [(AlertKind.WARNING, WARN)]
    clock = StageClock.objects.with_alert_times().get()
    assert (clock.warned_at, clock.overdue_at) == (WARN, None)


def test_a_stage_past_its_deadline_is_overdue_once_and_on_the_timeline(case):
    sweep(WARN)
    sweep(DUE + dt.timedelta(minutes=1))
    sweep(DUE + dt.timedelta(hours=5))

    assert alerts() == [(AlertKind.OVERDUE, DUE), (AlertKind.WARNING, WARN)]
    timeline = list(
        case.events.filter(action__in=[EventAction.WARNING, EventAction.OVERDUE]).values_list(
            "action", "at", "actor"
        )
    )
    assert timeline == [(EventAction.WARNING, WARN, None), (EventAction.OVERDUE, DUE, None)]


def test_an_alert_records_who_had_the_stage_when_it_crossed(org, case):
    """The stage, department and person are copied from the clock as the sweep reads it:
    the clock's later changes (a head handing the stage on) do not rewrite the alert."""
    sweep(WARN)
    clock = StageClock.objects.get(case=case)
    StageClock.objects.filter(pk=clock.pk).update(responsible=org.clerk_chief)  # handed on

    alert = StageAlert.objects.get()
    line = case.events.get(action=EventAction.WARNING)
    assert (alert.stage, alert.department_id, alert.responsible_id) == (
        clock.stage,
        clock.department_id,
        clock.responsible_id,
    )
    assert alert.responsible_id != org.clerk_chief.pk
    assert line.department_id == clock.department_id


def test_after_a_day_of_downtime_one_run_records_both_and_mails_each_person_once(
    org, case, mailoutbox, django_capture_on_commit_callbacks
):
    org.reception.head = org.clerk_chief
    org.reception.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(DUE + dt.timedelta(days=1))

    assert (result.warnings, result.overdue, result.notified) == (1, 1, 2)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [org.clerk.user.email, org.clerk_chief.user.email]
    )
    body = mailoutbox[0].body
    assert case.number in body
    assert body.count(case.number) == 1  # listed as overdue only


def test_ended_and_paused_stages_are_not_alerted(org, policy, register):
    ended = register(at=MON_9)
    services.case_transfer(case=ended, by=org.clerk.user, at=MON_9)  # forward met, sign-for runs
    paused = register(at=MON_9)
    services.case_pause_clock(case=paused, by=org.clerk.user, materials="户口簿", at=MON_9)

    sweep(at(2026, 11, 24, 17))  # after the sign-for warning, before the forward warning

    assert list(StageAlert.objects.values_list("case", "clock__stage")) == [
        (ended.pk, Stage.SIGN_FOR)
    ]


def test_the_sign_for_stage_is_told_to_the_receiving_head(
    org, policy, transferred, mailoutbox, django_capture_on_commit_callbacks
):
    drain()  # the transfer's own notice, still in the outbox
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(at(2026, 11, 25, 9))  # the sign-for day (Tuesday) has passed

    assert [m.to for m in mailoutbox] == [[org.social_head.user.email]]


@pytest.fixture
def without_receivers(monkeypatch):
    """The sweep on its own: what other apps do with its alerts is theirs to measure."""
    monkeypatch.setattr(stage_alerts_recorded, "receivers", [])
    monkeypatch.setattr(stage_alerts_recorded, "sender_receivers_cache", {})


def test_the_sweep_costs_the_same_queries_for_3_and_30_crossing_stages(
    org, policy, register, without_receivers
):
    def queries_for(count, moment):
        for _ in range(count):
            register(at=moment)
        with CaptureQueriesContext(connection) as captured:
            sweep(moment + dt.timedelta(days=10))
        return len(captured)

    few = queries_for(3, MON_9)
    many = queries_for(30, at(2026, 12, 7, 9))

    assert few == many
    assert StageAlert.objects.count() == 2 * 33


def _case_of_another(organisation):
    """A case registered MON_9 in a second organisation with the same time limits."""
    DepartmentFactory(organisation=organisation, name="首问办", is_supervising_office=True)
    reception = DepartmentFactory(
        organisation=organisation, name="接待处", is_reception_window=True
    )
    social = DepartmentFactory(organisation=organisation, name="社会事务科")
    clerk = StaffFactory(organisation=organisation, department=reception, roles=[Role.CLERK])
    make_policy(organisation)
    return services.case_register(
        by=clerk.user,
        channel=Channel.VISIT,
        kind=Kind.APPLICATION,
        matter_text="咨询低保申请需要什么材料",
        matter=MatterFactory(organisation=organisation, department=social, name="低保"),
        person={"name": "市民乙", "phone": "13800000002"},
        at=MON_9,
    )


def test_an_organisation_that_switched_the_sweep_off_is_skipped_and_the_other_processed(
    org, case, other_organisation
):
    theirs = _case_of_another(other_organisation)
    org.organisation.runs_deadline_sweep = False
    org.organisation.save()

    result = sweep(DUE + dt.timedelta(minutes=1))

    assert (result.warnings, result.overdue) == (1, 1)
    assert alerts(case) == []
    assert alerts(theirs) == [(AlertKind.OVERDUE, DUE), (AlertKind.WARNING, WARN)]
    org.organisation.runs_deadline_sweep = True
    org.organisation.save()
    sweep(DUE + dt.timedelta(minutes=2))  # switched on again, it catches up
    assert alerts(case) == [(AlertKind.OVERDUE, DUE), (AlertKind.WARNING, WARN)]


def test_the_sweep_tells_the_violations_which_run_recorded_what(case):
    received = []

    def receiver(sender, sweep_run, now, **kwargs):
        received.append(list(StageAlert.objects.filter(sweep_run=sweep_run, kind="overdue")))

    stage_alerts_recorded.connect(receiver)
    try:
        sweep(DUE + dt.timedelta(minutes=1))
        sweep(DUE + dt.timedelta(hours=1))
    finally:
        stage_alerts_recorded.disconnect(receiver)

    assert [[alert.case_id for alert in run] for run in received] == [[case.pk], []]


def test_the_celery_task_sweeps_at_the_current_time(case):
    with time_machine.travel(DUE + dt.timedelta(minutes=1), tick=False):
        result = tasks.sweep_deadlines()

    assert (result["warnings"], result["overdue"]) == (1, 1)


def test_a_clock_whose_deadline_moved_later_is_warned_for_the_new_one(org, policy, case):
    services.case_pause_clock(case=case, by=org.clerk.user, materials="x", at=MON_9)
    services.case_resume_clock(
        case=Case.objects.get(pk=case.pk), by=org.clerk.user, at=at(2026, 11, 24, 9)
    )

    sweep(WARN)  # the old warning point: nothing, the clock stood still for a working day
    assert alerts() == []
    sweep(DUE + dt.timedelta(days=1, minutes=1))  # past the new deadline
    assert alerts() == [
        (AlertKind.OVERDUE, at(2026, 11, 26, 17, 30)),
        (AlertKind.WARNING, at(2026, 11, 26, 10, 52, 30)),
    ]


def test_the_sweep_is_scheduled_every_minute_and_the_schedule_stays_as_edited(db):
    task = PeriodicTask.objects.get(task="cases.tasks.sweep_deadlines")
    assert (task.interval.every, task.interval.period, task.enabled) == (1, "minutes", True)

    task.interval = IntervalSchedule.objects.create(every=5, period="minutes")
    task.enabled = False
    task.save()
    install_periodic_tasks()

    task = PeriodicTask.objects.get(task="cases.tasks.sweep_deadlines")
    assert (task.interval.every, task.enabled) == (5, False)


def test_the_accountability_sweep_is_scheduled_too_and_its_task_is_registered(db):
    from config.celery import app

    task = PeriodicTask.objects.get(task="penalties.tasks.sweep_penalties")
    app.loader.import_default_modules()  # what a worker does at start

    assert (task.interval.every, task.interval.period, task.enabled) == (5, "minutes", True)
    assert "penalties.tasks.sweep_penalties" in app.tasks
