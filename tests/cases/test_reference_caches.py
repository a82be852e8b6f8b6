"""Time-limit policies and the supervising office are kept per process and checked against
the database on every use: a change, however and wherever it is made, applies at once.

These tests commit (``transaction=True``): the caches keep only what a committed
transaction read, so a test wrapped in one rolled-back transaction never fills them.
"""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.errors import InvalidInput
from cases.models import Case, TimeLimitPolicy
from cases.services.base import write_pointers
from cases.timelimits import deadlines
from cases.timelimits.presets import STAGE_FIELDS
from departments import offices
from departments.models import Department
from tests.cases.conftest import T0
from tests.cases.time_limits import CD, WD, at, make_policy
from tests.factories import DepartmentFactory, StaffFactory
from tests.transactions import held_open_in_another_connection

pytestmark = pytest.mark.django_db(transaction=True)

# T0 is Monday 23 November 2026, 09:00: the forward limit ends at closing time.
TWO_DAYS = at(2026, 11, 25, 17, 30)
FIVE_DAYS = at(2026, 11, 30, 17, 30)


@pytest.fixture(autouse=True)
def _empty_caches():
    deadlines._policies.clear()
    offices._offices.clear()
    yield
    deadlines._policies.clear()
    offices._offices.clear()


def forward_due(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk).current_clock.due_at


def policy_reads(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('SELECT "cases_timelimitpolicy"')]


def test_policies_are_read_once_then_only_their_stamp_is_checked(org, register):
    make_policy(org.organisation, forward=(2, WD))
    register()

    with CaptureQueriesContext(connection) as queries:
        case = register()

    assert forward_due(case) == TWO_DAYS
    assert policy_reads(queries) == []
    stamps = [q["sql"] for q in queries if "historicaltimelimitpolicy" in q["sql"]]
    assert len(stamps) == 1


def test_a_policy_changed_through_the_orm_sets_the_next_cases_deadline_at_once(org, register):
    policy = make_policy(org.organisation, forward=(2, WD))
    assert forward_due(register()) == TWO_DAYS

    policy.forward_limit = 5
    policy.save()

    assert forward_due(register()) == FIVE_DAYS


def test_a_policy_changed_in_the_admin_sets_the_next_cases_deadline_at_once(org, register, client):
    policy = make_policy(org.organisation, name="默认时限", forward=(2, WD))
    assert forward_due(register()) == TWO_DAYS
    administrator = StaffFactory(organisation=org.organisation, department=org.office)
    administrator.user.is_staff = True
    administrator.user.save()
    administrator.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_timelimitpolicy", "view_timelimitpolicy"])
    )
    client.force_login(administrator.user)
    form = {
        "name": policy.name,
        "kind": "",
        "channel": "",
        "matter": "",
        "is_active": "on",
        "warning_share": 75,
        "basis": "",
    }
    for stage in STAGE_FIELDS:
        form[f"{stage}_limit"] = getattr(policy, f"{stage}_limit") or ""
        form[f"{stage}_unit"] = getattr(policy, f"{stage}_unit")
    form.update(max_extension="", max_extension_unit=WD, forward_limit=5)

    response = client.post(reverse("admin:cases_timelimitpolicy_change", args=[policy.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert forward_due(register()) == FIVE_DAYS


def test_a_policy_changed_by_another_process_is_seen_at_once(org, register):
    # Nothing is announced in this process: another connection changes the row.
    policy = make_policy(org.organisation, forward=(2, WD))
    assert forward_due(register()) == TWO_DAYS

    def elsewhere():
        try:
            other = TimeLimitPolicy.objects.get(pk=policy.pk)
            other.forward_limit = 5
            other.save()
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()

    assert forward_due(register()) == FIVE_DAYS


def test_added_deactivated_and_deleted_policies_apply_at_once(org, register):
    general = make_policy(org.organisation, forward=(2, WD))
    assert forward_due(register()) == TWO_DAYS

    specific = make_policy(org.organisation, name="申请", kind="application", forward=(5, WD))
    assert forward_due(register()) == FIVE_DAYS

    specific.is_active = False
    specific.save()
    assert forward_due(register()) == TWO_DAYS

    # A policy whose limits a stage clock used cannot be deleted (it is deactivated
    # instead); one that no clock used yet can, and is gone from the next registration.
    general.is_active = False
    general.save()
    unused = make_policy(org.organisation, name="临时", channel="visit", forward=(5, WD))
    unused.delete()
    assert Case.objects.get(pk=register().pk).current_clock.due_at is None


def test_bulk_created_policies_are_seen_although_they_leave_no_history(org, register):
    assert forward_due(register()) is None

    TimeLimitPolicy.objects.bulk_create(
        [
            TimeLimitPolicy(
                organisation=org.organisation,
                name="批量",
                forward_limit=3,
                forward_unit=CD,
            )
        ]
    )

    assert forward_due(register()) == at(2026, 11, 27)  # three calendar days: at midnight


def test_what_a_rolled_back_transaction_read_is_not_kept(org, register):
    # SQLite hands a rolled-back transaction's ids out again: a policy with the same id and
    # the same stamp, but other limits, must not meet the rolled-back one in the cache.
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        make_policy(org.organisation, forward=(2, WD))
        assert forward_due(register()) == TWO_DAYS
        raise Undo

    make_policy(org.organisation, forward=(5, WD))

    assert forward_due(register()) == FIVE_DAYS


def test_the_policy_a_case_gets_is_its_own_copy(org, register):
    make_policy(org.organisation, forward=(2, WD))
    register()

    handed_out = deadlines.policy_for(Case.objects.get(pk=register().pk))
    handed_out.forward_limit = 99

    assert forward_due(register()) == TWO_DAYS


def unclear_case(org):
    """Registered without a catalogue matter and sent on: to the supervising office."""
    return services.case_register_and_route(
        route=services.Route.TRANSFER,
        by=org.clerk.user,
        channel="visit",
        kind="consultation",
        matter_text="不清楚找哪个部门",
        at=T0,
    )


def test_a_new_supervising_office_receives_unclear_cases_at_once(org):
    assert unclear_case(org).current_department == org.office
    successor = DepartmentFactory(organisation=org.organisation, name="督查室")

    org.office.is_supervising_office = False
    org.office.save()
    successor.is_supervising_office = True
    successor.save()

    assert unclear_case(org).current_department == successor


def test_a_closed_supervising_office_receives_no_more_cases(org):
    unclear_case(org)

    org.office.is_active = False
    org.office.save()

    with pytest.raises(InvalidInput):
        unclear_case(org)


def test_the_supervising_office_is_read_once_then_only_its_stamp_is_checked(org):
    unclear_case(org)

    with CaptureQueriesContext(connection) as queries:
        unclear_case(org)

    assert not [q for q in queries if q["sql"].startswith('SELECT "departments_department"')]


def test_a_case_read_back_goes_to_the_department_its_matter_has_now(org, register):
    case = register()
    org.matter.department = org.civil
    org.matter.save()

    services.case_transfer(case=Case.objects.get(pk=case.pk), by=org.clerk.user)

    assert Case.objects.get(pk=case.pk).current_department == org.civil


def test_only_pointers_are_written_without_a_save(org, register):
    case = register()

    with pytest.raises(ValueError):
        write_pointers(case, "state")
    with pytest.raises(ValueError):
        write_pointers(case, "current_department")
    assert Department.objects.filter(pk=case.current_department_id).exists()


@pytest.mark.postgres
def test_a_change_committed_after_a_newer_one_is_seen_too(org, register):
    # PostgreSQL hands out ids when rows are written: a transaction that commits late adds
    # a history row below the newest id, which only the count of the rows notices.
    general = make_policy(org.organisation, forward=(2, WD))
    other = make_policy(org.organisation, name="投诉", kind="complaint")

    def slow_edit():
        mine = TimeLimitPolicy.objects.get(pk=general.pk)
        mine.forward_limit = 5
        mine.save()

    with held_open_in_another_connection(slow_edit):
        other.forward_limit = 1
        other.save()  # a newer history row, committed first
        assert forward_due(register()) == TWO_DAYS

    assert forward_due(register()) == FIVE_DAYS
