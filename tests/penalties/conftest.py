"""A small organisation with a department head, a leader in charge, staff, a supervisor and
an auditor; helpers to run violations through the services at explicit moments."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from departments.roles import Role
from penalties import services
from penalties.models import ViolationKind
from tests.factories import DepartmentFactory, StaffFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def people(organisation):
    return build_people(organisation)


def build_people(organisation):
    office = DepartmentFactory(organisation=organisation, name="首问办", is_supervising_office=True)
    social = DepartmentFactory(organisation=organisation, name="社会事务科")
    civil = DepartmentFactory(organisation=organisation, name="民政科")

    def staff(department, name, roles=(Role.CLERK,)):
        member = StaffFactory(
            organisation=organisation, department=department, name=name, roles=list(roles)
        )
        member.user.email = f"{member.user.username}@example.cn"
        member.user.save()
        return member

    ns = SimpleNamespace(
        organisation=organisation,
        office=office,
        social=social,
        civil=civil,
        clerk=staff(social, "王芳"),
        colleague=staff(social, "周杰"),
        head=staff(social, "张科长", roles=(Role.HEAD,)),
        leader=staff(office, "李局长", roles=(Role.HEAD,)),
        civil_clerk=staff(civil, "刘洋"),
        civil_head=staff(civil, "陈科长", roles=(Role.HEAD,)),
        supervisor=staff(office, "赵督办", roles=(Role.SUPERVISOR,)),
        auditor=staff(office, "钱纪检", roles=(Role.AUDITOR,)),
        administrator=staff(office, "孙管理", roles=(Role.ADMINISTRATOR,)),
    )
    social.head, social.leader_in_charge = ns.head, ns.leader
    social.save()
    civil.head, civil.leader_in_charge = ns.civil_head, ns.leader
    civil.save()
    return ns


@pytest.fixture
def quarter(people, preset):
    """The hand-built quarter 2026Q2 of ``metrics_data``."""
    from .metrics_data import build_quarter

    return build_quarter(people, preset)


@pytest.fixture
def in_july():
    """1 July 2026 at noon: the quarter of ``metrics_data`` has just ended."""
    from .metrics_data import NOW

    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def preset(people):
    def load(name):
        return services.load_penalty_preset(people.organisation, name)

    return load


@pytest.fixture
def report(people):
    def report(
        staff=None, kind=ViolationKind.COMPLAINT, when=None, evidence="群众投诉查实", case=None
    ):
        when = when or at(2026, 3, 2)
        return services.violation_report(
            by=people.supervisor.user,
            staff=staff or people.clerk,
            kind=kind,
            evidence=evidence,
            occurred_at=when,
            at=when,
            case=case,
        )

    return report


@pytest.fixture
def substantiated(people, report):
    """Report a violation that happened at ``when`` and substantiate it then (or at
    ``decided``); returns it reloaded."""

    def substantiated(staff=None, kind=ViolationKind.COMPLAINT, when=None, case=None, decided=None):
        violation = report(staff=staff, kind=kind, when=when, case=case)
        when = when or at(2026, 3, 2)
        services.violation_substantiate(
            violation=violation, by=people.supervisor.user, note="查证属实", at=decided or when
        )
        violation.refresh_from_db()
        return violation

    return substantiated


def amount(value):
    return "" if value is None else f"{value.normalize():f}"


def lines(queryset):
    """Ledger lines as sorted (offence number, sanction, amount, up to, rating cap) tuples."""
    return sorted(
        (
            line.offence_number,
            line.sanction_kind,
            amount(line.amount_min),
            amount(line.amount_max),
            line.rating_cap,
        )
        for line in queryset
    )


def live_lines(staff, **filters):
    from penalties.models import Penalty

    return lines(Penalty.objects.live().filter(staff=staff, **filters))


_sequence = iter(range(1, 1_000_000))


def make_case(department, staff, *, state="registered", at=None, handler=None, **fields):
    """A case written straight to the table in the given state (for metrics and ratings)."""
    from cases.models import Case

    at = at or dt.datetime(2026, 5, 1, 9, tzinfo=SHANGHAI)
    sequence = next(_sequence)
    done = state in ("resolved", "called_back")
    values = {
        "channel": "visit",
        "kind": "consultation",
        "matter_text": "测试事项",
        **fields,
    }
    return Case.objects.create(
        organisation_id=department.organisation_id,
        number=f"T-{at.year}-{sequence:06d}",
        year=at.year,
        sequence=sequence,
        query_code=f"Q{sequence:07d}",
        first_staff=staff,
        first_department=staff.department,
        registered_by=staff,
        registered_at=at,
        current_department=department,
        handler=handler,
        state=state,
        resolved_at=at + dt.timedelta(hours=2) if done else None,
        **values,
    )
