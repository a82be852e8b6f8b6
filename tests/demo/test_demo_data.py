"""``manage.py load_demo``: a complete, realistic demo organisation, safe to re-run."""

import datetime as dt
from collections import Counter
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation

from cases.choices import (
    AlertKind,
    ContactResult,
    ExtensionStatus,
    Kind,
    Outcome,
    Satisfaction,
    State,
    TransferRole,
)
from cases.models import (
    Callback,
    Case,
    CaseEvent,
    Extension,
    StageAlert,
    TimeLimitPolicy,
    UrgingNotice,
)
from cases.timelimits.clocks import current_stage
from cases.timelimits.deadline_display import matter_time_limits
from cases.timelimits.sweep import sweep
from demo.data_staff import DEFAULT_PASSWORD, DEMO_LOGINS, PLATFORM_USERNAME
from departments.models import (
    Department,
    DutyRoster,
    ExternalAgency,
    Matter,
    Organisation,
    Staff,
)
from departments.models.roster import DutyRole, Shift
from departments.offices import supervising_office
from departments.roles import ADMIN_ROLES, Role
from penalties.models import Commendation, Source, Violation
from sms.models import NoticeKind, SmsMessage, SmsTemplate
from tests.demo.demo_helpers import (
    IN_WARNING_WINDOW,
    MOMENT,
    OVERDUE,
    SHANGHAI,
    demo_cases,
    demo_user,
    load_demo,
)
from tests.shared_data import built_once

# One worker builds the demo once and runs all of these (pytest-xdist --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

TRACKED_MODELS = (Organisation, Department, Staff, Matter, ExternalAgency, DutyRoster)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False):
        yield


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker):
    """The demo, built once for this module; every test rolls back to it."""

    def build():
        with time_machine.travel(MOMENT, tick=False):
            return load_demo()

    with built_once(django_db_blocker, build) as output:
        yield output


@pytest.fixture
def demo(built_demo):
    return SimpleNamespace(output=built_demo, organisation=Organisation.objects.get(code="WW"))


def snapshot():
    """Row counts of every model with a table (history included) and the demo rows' values."""
    tables = set(connection.introspection.table_names())
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    }
    history = {model._meta.label: model.history.count() for model in TRACKED_MODELS}
    rows = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in (*TRACKED_MODELS, get_user_model())
    }
    return counts, history, rows


def test_creates_a_municipal_service_centre_with_a_department_tree(demo):
    organisation = demo.organisation
    assert organisation.kind == Organisation.Kind.GOVERNMENT
    assert organisation.penalty_preset == Organisation.PenaltyPreset.MUNICIPAL
    assert organisation.time_limit_preset == Organisation.PenaltyPreset.MUNICIPAL
    departments = Department.objects.for_organisation(organisation)
    assert departments.count() >= 8
    assert supervising_office(organisation.pk) is not None
    assert departments.filter(is_reception_window=True).count() == 1
    assert departments.filter(parent__isnull=False).exists()


def test_every_department_has_a_location_phone_and_a_head_and_leader_from_its_staff(demo):
    for department in Department.objects.for_organisation(demo.organisation):
        assert department.location and department.public_phone, department
        assert department.head.department == department
        assert department.leader_in_charge.organisation == demo.organisation
        assert department.leader_in_charge.position == "副主任"
        assert department.leader_in_charge.rank > department.head.rank


def test_creates_thirty_odd_staff_each_with_a_login_badge_and_phone(demo):
    staff = Staff.objects.for_organisation(demo.organisation).select_related("user")
    assert staff.count() >= 30
    assert len({member.badge_number for member in staff}) == staff.count()
    for member in staff:
        assert member.user.has_usable_password()
        assert member.name and member.position and member.phone


def test_duty_list_spreads_over_the_departments_with_materials_to_tell_in_one_go(demo):
    matters = Matter.objects.for_organisation(demo.organisation)
    assert matters.count() >= 40
    assert matters.values("department").distinct().count() >= 8
    assert matters.filter(is_public=False).exists()
    assert matters.filter(is_public=True).count() > matters.count() / 2
    assert matters.exclude(legal_basis="").exists()
    for matter in matters:
        assert matter.keywords and matter.description, matter
        assert matter.materials_list, matter


def test_creates_external_agencies_with_address_phone_and_what_they_handle(demo):
    agencies = ExternalAgency.objects.for_organisation(demo.organisation)
    assert agencies.count() >= 6
    assert all(agency.address and agency.phone and agency.handles for agency in agencies)


def test_there_is_one_demo_login_per_role_in_its_role_group(demo):
    assert {str(role) for _username, role in DEMO_LOGINS} == set(Role.values)
    for username, role in DEMO_LOGINS:
        user = demo_user(username)
        assert user.groups.filter(name=role).exists(), username
        assert user.is_staff == (role in ADMIN_ROLES), username
        assert user.staff.organisation.code == "WW"


def test_demo_logins_sit_in_the_departments_their_roles_belong_in(demo):
    assert demo_user("supervisor").staff.department.is_supervising_office
    assert demo_user("clerk").staff.department.is_reception_window
    head, handler = demo_user("head").staff, demo_user("handler").staff
    assert handler.department == head.department
    assert handler.department.head == head


def test_platform_operator_is_a_superuser_without_a_staff_record(demo):
    platform = get_user_model().objects.get(username=PLATFORM_USERNAME)
    assert platform.is_superuser and platform.is_staff
    assert not Staff.objects.filter(user=platform).exists()


def test_prints_the_login_table_with_the_password(demo):
    for username in [*(name for name, _role in DEMO_LOGINS), PLATFORM_USERNAME]:
        assert username in demo.output
    assert DEFAULT_PASSWORD in demo.output
    assert "郑晓燕" in demo.output


def test_running_twice_changes_nothing_and_prints_the_logins_again(demo):
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "nothing to create" in output
    assert "clerk" in output and DEFAULT_PASSWORD in output


def test_a_rerun_keeps_changed_passwords_and_edits_made_in_the_admin(demo):
    clerk = demo_user("clerk")
    clerk.set_password("chosen-by-the-clerk")
    clerk.save()
    matter = Matter.objects.for_organisation(demo.organisation).first()
    matter.description = "管理员改过的说明"
    matter.save()

    with translation.override("en"):  # its tables are in the active language
        output = load_demo()

    assert demo_user("clerk").check_password("chosen-by-the-clerk")
    matter.refresh_from_db()
    assert matter.description == "管理员改过的说明"
    clerk_line = next(line for line in output.splitlines() if line.startswith("clerk "))
    assert DEFAULT_PASSWORD not in clerk_line
    assert "kept from before" in clerk_line


def test_demo_users_log_in_and_admin_roles_open_the_admin(client, demo):
    for username, role in [*DEMO_LOGINS, (PLATFORM_USERNAME, None)]:
        assert client.login(username=username, password=DEFAULT_PASSWORD), username
        if role is None or role in ADMIN_ROLES:
            assert client.get("/admin/").status_code == 200, username
        client.logout()


def test_someone_is_on_duty_at_the_reception_window_during_office_hours(demo):
    on_duty = DutyRoster.objects.on_duty(demo.organisation, at=MOMENT, role=DutyRole.RECEPTION)

    assert on_duty
    assert all(entry.department.is_reception_window for entry in on_duty)


@pytest.mark.parametrize(
    ("moment", "shift"),
    [
        (dt.datetime(2026, 11, 23, 23, 0, tzinfo=SHANGHAI), Shift.NIGHT),
        (dt.datetime(2026, 11, 24, 3, 0, tzinfo=SHANGHAI), Shift.NIGHT),
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=SHANGHAI), Shift.HOLIDAY),
    ],
    ids=["monday-night", "small-hours", "saturday"],
)
def test_a_leader_has_the_overall_duty_at_night_and_on_days_off(demo, moment, shift):
    on_duty = DutyRoster.objects.on_duty(demo.organisation, at=moment, role=DutyRole.OVERALL)

    assert shift in {entry.shift for entry in on_duty}
    assert all(entry.staff.position in {"主任", "副主任"} for entry in on_duty)


def test_roster_covers_every_day_of_the_current_month(demo):
    roster = DutyRoster.objects.for_organisation(demo.organisation)
    reception_days = set(
        roster.filter(role=DutyRole.RECEPTION).values_list("date", flat=True).distinct()
    )

    assert reception_days == {dt.date(2026, 11, day) for day in range(1, 31)}
    assert roster.filter(role=DutyRole.DEPARTMENT, date=MOMENT.date()).count() >= 3
    assert not roster.filter(role=DutyRole.DEPARTMENT, date=dt.date(2026, 11, 28)).exists()


# --- demo cases ------------------------------------------------------------------------------
# The demo plays its cases through the case services, at moments before now (MOMENT here).
TRANSITIONS = {
    "register",
    "transfer",
    "accept",
    "return_transfer",
    "reject_return",
    "resolve",
    "call_back",
    "reopen",
}


def case_of(organisation, name, **filters):
    return demo_cases(organisation).get(person_name=name, **filters)


def test_load_demo_reports_the_cases_it_created(demo):
    assert "cases: 40" in demo.output
    assert "violations: 2" in demo.output  # the public complaint and the rejected return
    assert "commendations: 1" in demo.output  # the praise at a callback


def test_demo_has_thirty_to_forty_cases_in_every_state(demo):
    cases = demo_cases(demo.organisation)
    states = Counter(cases.values_list("state", flat=True))

    assert 30 <= cases.count() <= 40
    assert states == {
        State.REGISTERED: 3,
        State.TRANSFERRED: 16,
        State.RESOLVED: 4,
        State.CALLED_BACK: 17,
    }
    transferred = cases.filter(state=State.TRANSFERRED)
    assert transferred.filter(accepted_at__isnull=True).count() == 3  # waiting for sign-for
    assert transferred.filter(handler__isnull=False).count() == 13  # in handling
    assert cases.filter(needs_arbitration=True, state=State.REGISTERED).count() == 1
    assert len(set(cases.values_list("channel", flat=True))) >= 8
    assert set(cases.values_list("kind", flat=True)) == set(Kind.values)


def test_demo_cases_leave_the_desk_by_every_route(demo):
    cases = demo_cases(demo.organisation)
    at_the_desk = cases.filter(transferred_at__isnull=True, resolved_at__isnull=False)

    assert set(at_the_desk.values_list("outcome", flat=True)) == {
        Outcome.ANSWERED,
        Outcome.HANDLED,
        Outcome.ONE_TIME_NOTIFIED,
        Outcome.REFERRED_OUT,
        Outcome.NOT_PERMITTED,
    }
    for case in cases.filter(outcome=Outcome.REFERRED_OUT):
        assert case.referred_to.organisation == demo.organisation
    for case in cases.filter(outcome=Outcome.ONE_TIME_NOTIFIED):
        assert "1." in case.notification_text
    # Asked together with the head of the reception: the higher rank is first-responsible.
    together = case_of(demo.organisation, "周桂英")
    assert together.first_staff.badge_number == "1101"
    assert [member.badge_number for member in together.asked_with.all()] == ["1105"]


def test_demo_cases_show_every_kind_of_step(demo):
    organisation = demo.organisation
    cases = demo_cases(organisation)

    returned = case_of(organisation, "林芳")  # returned with a reason, then sent on
    assert [t.return_reason != "" for t in returned.transfers.order_by("sent_at")] == [True, False]
    assert returned.current_department.name == "人力资源和社会保障科"
    assert returned.handler is not None
    forced = case_of(organisation, "何建华")  # the office rejected the return
    assert forced.transfers.filter(is_forced=True).exists()
    assert forced.transfers.filter(return_rejected=True).exists()
    assert case_of(organisation, "罗建平").state == State.REGISTERED  # back at the desk

    main = case_of(organisation, "黄淑芬", merged_into__isnull=True)
    duplicate = case_of(organisation, "黄淑芬", merged_into=main)
    assert (duplicate.state, duplicate.satisfaction) == (main.state, main.satisfaction)

    reopened = case_of(organisation, "周志刚")
    assert reopened.round == 2 and reopened.handler is not None
    assert reopened.callbacks.get(round=1).satisfaction == Satisfaction.DISSATISFIED

    assert Callback.objects.filter(case__organisation=organisation, praise=True).count() == 1
    assert Commendation.objects.filter(organisation=organisation).count() == 1
    assert Callback.objects.filter(
        case__organisation=organisation, contact_result=ContactResult.UNREACHABLE
    ).exists()
    assert UrgingNotice.objects.get(case__organisation=organisation).case.person_name == "钱伟"
    paused = case_of(organisation, "宋玉珍")
    assert paused.current_clock.paused_since is not None
    assert paused.current_clock.pauses.get().materials
    extensions = Extension.objects.filter(case__organisation=organisation)
    assert sorted(extensions.values_list("status", flat=True)) == [
        ExtensionStatus.APPROVED,
        ExtensionStatus.PENDING,
    ]
    joint = case_of(organisation, "孔丽华")
    assisting = joint.transfers.get(role=TransferRole.ASSISTING)
    assert assisting.opinion and assisting.lead_transfer == joint.current_transfer

    report = cases.get(kind=Kind.REPORT)
    assert report.is_confidential
    complaint = cases.get(subject_staff__isnull=False)
    assert complaint.is_confidential and complaint.subject_staff.name == "林晓东"
    assert complaint.current_department == supervising_office(organisation.pk)
    assert Violation.objects.filter(organisation=organisation, case=complaint).exists()


def test_demo_case_numbers_follow_the_order_of_registration(demo):
    cases = list(demo_cases(demo.organisation).order_by("registered_at", "pk"))

    assert [case.number for case in cases] == [f"WW-2026-{n:06d}" for n in range(1, 41)]


def test_every_demo_case_has_a_consistent_timeline(demo):
    now = MOMENT
    for case in demo_cases(demo.organisation):
        events = list(case.events.order_by("at", "pk"))
        assert events[0].action == "register" and events[0].at == case.registered_at, case
        state = events[0].to_state
        for event in events[1:]:
            assert case.registered_at <= event.at <= now, (case, event.action)
            assert event.from_state == state, (case, event.action)
            if event.action not in TRANSITIONS:
                assert event.to_state == state, (case, event.action)
            state = event.to_state
        assert state == case.state, case

        moments = [
            case.registered_at,
            case.transferred_at,
            case.accepted_at,
            case.resolved_at,
            case.called_back_at,
        ]
        present = [moment for moment in moments if moment is not None]
        assert present == sorted(present) and present[-1] <= now, case
        _check_state_fields(case)
        _check_clocks(case)


def _check_state_fields(case):
    if case.state in (State.RESOLVED, State.CALLED_BACK):
        assert case.outcome and case.result, case
    if case.state == State.CALLED_BACK:
        assert case.satisfaction, case
        if case.merged_into is None:
            callback = case.callbacks.filter(round=case.round).last()
            assert callback.contact_result == ContactResult.REACHED, case
            assert callback.satisfaction == case.satisfaction, case
        else:
            assert case.merged_into.callbacks.exists(), case
    if case.state == State.TRANSFERRED:
        transfer = case.current_transfer
        assert transfer.to_department == case.current_department, case
        assert transfer.returned_at is None, case
        if case.accepted_at is None:
            assert case.handler is None and transfer.accepted_at is None, case
        else:
            assert case.handler.department == case.current_department, case
            assert transfer.accepted_at == case.accepted_at, case
    if case.state == State.REGISTERED and case.current_transfer is not None:
        assert case.current_transfer.returned_at is not None, case


def _check_clocks(case):
    clocks = list(case.clocks.order_by("started_at", "pk"))
    if case.is_open and case.merged_into is None:
        clock = case.current_clock
        assert clock is not None and clock.met_at is None, case
        assert clock.stage == current_stage(case) and clock.round == case.round, case
        assert clock.due_at is not None, case
        assert [c for c in clocks if c.met_at is None] == [clock], case
    else:
        assert case.current_clock is None, case
        assert all(clock.met_at is not None for clock in clocks), case


def test_loading_the_demo_again_creates_no_cases(demo):
    before = Case.objects.count(), CaseEvent.objects.count(), Violation.objects.count()

    output = load_demo()

    assert (Case.objects.count(), CaseEvent.objects.count(), Violation.objects.count()) == before
    assert "cases" not in output.splitlines()[0]


def test_the_deadline_sweep_finds_the_overdue_demo_cases(demo):
    result = sweep(MOMENT)

    alerts = StageAlert.objects.filter(case__organisation=demo.organisation)
    overdue = alerts.filter(kind=AlertKind.OVERDUE).select_related("case", "clock")
    assert {alert.case.person_name: alert.clock.stage for alert in overdue} == OVERDUE
    warned = set(alerts.filter(kind=AlertKind.WARNING).values_list("case__person_name", flat=True))
    assert warned == IN_WARNING_WINDOW | set(OVERDUE)
    assert (result.overdue, result.warnings) == (4, 6)
    suspected = Violation.objects.filter(organisation=demo.organisation, source=Source.SWEEP)
    assert set(suspected.values_list("case__person_name", flat=True)) == set(OVERDUE)
    assert CaseEvent.objects.filter(action="overdue").count() == 4

    again = sweep(MOMENT + dt.timedelta(minutes=5))

    assert (again.overdue, again.warnings) == (0, 0)


def test_the_demo_has_an_sms_template_for_every_notice_and_sent_none_for_its_past(demo):
    templates = SmsTemplate.objects.filter(organisation=demo.organisation)

    assert set(templates.values_list("kind", flat=True)) == set(NoticeKind.values)
    for template in templates:
        template.full_clean()  # every variable allowed for its notice
    assert set(templates.values_list("signature", flat=True)) == {"示范市政务服务中心"}
    assert not SmsMessage.objects.exists()  # the demo's cases happened in the past


def test_the_public_guide_gives_the_regulations_limits_of_the_demos_matters(demo):
    """Issue 20: each limit as its regulation says (seed 004 for letters and visits, their
    reviews and complaints about staff; the national regulations for the others), the rest
    the municipal preset's."""
    matters = list(Matter.objects.for_organisation(demo.organisation))
    with translation.override("zh-hans"):
        limits = matter_time_limits(matters)
    shown = {matter.name: limits[matter.pk] for matter in matters}

    assert shown["来信来访登记受理"] == "30 天"
    assert shown["网上信访受理"] == "30 天"
    assert shown["信访事项复查复核申请"] == "30 天"
    assert shown["政府信息公开申请"] == "20 个工作日"
    assert shown["工伤认定申请"] == "60 天"
    assert shown["最低生活保障申请"] == "30 个工作日"
    assert shown["首问责任制执行情况投诉"] == "15 个工作日"
    assert shown["工作人员违纪违规举报"] == "15 个工作日"
    assert shown["办事指引与政策咨询"].startswith("3 个工作日")
    extensions = dict(
        TimeLimitPolicy.objects.filter(
            organisation=demo.organisation, matter__isnull=False
        ).values_list("matter__name", "max_extension")
    )
    assert extensions["来信来访登记受理"] == 60  # working days, with approval
    assert extensions["最低生活保障申请"] == 15  # 45 working days at most
    assert extensions["信访事项复查复核申请"] == extensions["工伤认定申请"] == 0
