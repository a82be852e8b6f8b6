"""Two organisations for the permission matrix, built once per module.

A is the demo organisation (every model has rows); B is a small one made with factories,
with names no page of A may ever show. Each holds a confidential report whose reporter's
name and phone are the planted markers.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from cases import services
from cases.choices import Channel, Kind
from cases.models import Case
from cases.timelimits.presets import load_time_limit_preset
from demo.builder import build_demo
from departments.models import Organisation
from departments.roles import Role
from penalties.services.presets import load_penalty_preset
from tests.demo_world import DEMO_PASSWORD, NOW
from tests.factories import (
    CalendarOverrideFactory,
    DepartmentFactory,
    DutyRosterFactory,
    ExternalAgencyFactory,
    MatterFactory,
    OrganisationFactory,
    StaffFactory,
)

MARKERS = {"A": ("密报人甲丙丁", "0123-7770001"), "B": ("密报人乙戊己", "0123-7770002")}
B_NAME = "乙市专属测试服务中心"
DEMO_USERNAMES = {
    Role.CLERK: "clerk",
    Role.HANDLER: "handler",
    Role.HEAD: "head",
    Role.SUPERVISOR: "supervisor",
    Role.AUDITOR: "auditor",
    Role.ADMINISTRATOR: "admin",
}


@dataclass
class World:
    organisations: dict  # "A"/"B" -> Organisation
    users: dict  # (org key, role) -> User, and "operator"
    reports: dict  # org key -> the confidential report
    cases: dict = field(default_factory=dict)  # org key -> a few other cases


def _organisation_b():
    org = OrganisationFactory(name=B_NAME, code="YB")
    office = DepartmentFactory(organisation=org, name="乙方首问办", is_supervising_office=True)
    window = DepartmentFactory(organisation=org, name="乙方接待处", is_reception_window=True)
    unit = DepartmentFactory(organisation=org, name="乙方专属科")
    where = {
        Role.CLERK: window,
        Role.HANDLER: unit,
        Role.HEAD: unit,
        Role.SUPERVISOR: office,
        Role.AUDITOR: office,
        Role.ADMINISTRATOR: office,
    }
    staff = {
        role: StaffFactory(organisation=org, department=department, roles=[role], rank=5)
        for role, department in where.items()
    }
    unit.head = staff[Role.HEAD]
    unit.save()
    MatterFactory(organisation=org, department=unit, name="乙方专属事项")
    ExternalAgencyFactory(organisation=org, name="乙方专属外单位")
    DutyRosterFactory(staff=staff[Role.CLERK], date=NOW.date())
    CalendarOverrideFactory(organisation=org, note="乙方专属调休")
    load_time_limit_preset(org, "municipal")
    load_penalty_preset(org, "municipal")
    return org, {role: member.user for role, member in staff.items()}


def _report(organisation, clerk, key):
    name, phone = MARKERS[key]
    case = services.case_register(
        by=clerk,
        channel=Channel.VISIT,
        kind=Kind.REPORT,
        matter_text="举报窗口人员违规收费",
        person={"name": name, "phone": phone},
        at=NOW,
    )
    services.case_transfer(case=case, by=clerk, at=NOW)
    return Case.objects.get(pk=case.pk)


def build_world():
    build_demo(DEMO_PASSWORD, now=NOW)
    users = {
        ("A", role): get_user_model().objects.get(username=name)
        for role, name in DEMO_USERNAMES.items()
    }
    org_b, users_b = _organisation_b()
    users.update({("B", role): user for role, user in users_b.items()})
    users["operator"] = get_user_model().objects.get(username="platform")
    organisations = {"A": Organisation.objects.get(code="WW"), "B": org_b}
    world = World(organisations=organisations, users=users, reports={})
    for key in ("A", "B"):
        world.reports[key] = _report(organisations[key], users[(key, Role.CLERK)], key)
        world.cases[key] = list(
            Case.objects.filter(organisation=organisations[key]).order_by("pk")[:4]
        )
    return world
