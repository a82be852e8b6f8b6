"""A small organisation to run cases through: a reception window, two business
departments, the supervising office, and the people who work there."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from cases import services
from cases.choices import Channel, Kind
from departments.roles import Role
from tests.factories import DepartmentFactory, ExternalAgencyFactory, MatterFactory, StaffFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def later(minutes):
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def org(organisation):
    office = DepartmentFactory(organisation=organisation, name="首问办", is_supervising_office=True)
    reception = DepartmentFactory(
        organisation=organisation, name="首问接待处", is_reception_window=True
    )
    social = DepartmentFactory(organisation=organisation, name="社会事务科")
    civil = DepartmentFactory(organisation=organisation, name="民政科")
    civil_b = DepartmentFactory(organisation=organisation, name="城建科")

    def staff(department, name, rank=1, roles=(Role.CLERK,), email=True):
        member = StaffFactory(
            organisation=organisation,
            department=department,
            name=name,
            rank=rank,
            roles=list(roles),
        )
        if email:
            member.user.email = f"{member.user.username}@example.cn"
            member.user.save()
        return member

    people = SimpleNamespace(
        organisation=organisation,
        office=office,
        reception=reception,
        social=social,
        civil=civil,
        civil_b=civil_b,
        clerk=staff(reception, "王芳", rank=1),
        clerk_chief=staff(reception, "陈主任", rank=5),
        handler=staff(social, "李娜", roles=(Role.HANDLER,)),
        social_clerk=staff(social, "周杰", roles=(Role.HANDLER,)),
        social_head=staff(social, "张科长", rank=4, roles=(Role.HEAD,)),
        civil_handler=staff(civil, "刘洋", roles=(Role.HANDLER,)),
        civil_b_handler=staff(civil_b, "孙丽", roles=(Role.HANDLER,)),
        supervisor=staff(office, "赵督办", rank=4, roles=(Role.SUPERVISOR,)),
        auditor=staff(office, "钱纪检", rank=4, roles=(Role.AUDITOR,)),
    )
    social.head = people.social_head
    social.save()
    people.matter = MatterFactory(
        organisation=organisation, department=social, name="最低生活保障申请"
    )
    people.agency = ExternalAgencyFactory(organisation=organisation, name="市不动产登记中心")
    return people


@pytest.fixture
def register(org):
    def register(by=None, **overrides):
        data = {
            "by": (by or org.clerk).user,
            "channel": Channel.VISIT,
            "kind": Kind.APPLICATION,
            "matter_text": "咨询低保申请需要什么材料",
            "matter": org.matter,
            "person": {"name": "市民甲", "phone": "13800000001"},
            "at": T0,
        }
        data.update(overrides)
        return services.case_register(**data)

    return register


@pytest.fixture
def transferred(org, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    case.refresh_from_db()
    return case


@pytest.fixture
def in_handling(org, transferred):
    services.case_accept(case=transferred, by=org.handler.user, at=later(20))
    transferred.refresh_from_db()
    return transferred


@pytest.fixture
def resolved(org, in_handling):
    services.case_resolve(
        case=in_handling,
        by=org.handler.user,
        outcome="handled",
        result="已受理低保申请并告知进度",
        at=later(60),
    )
    in_handling.refresh_from_db()
    return in_handling
