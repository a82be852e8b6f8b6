"""One small organisation whose cases the fault tests walk through intake, transfer and
resolution, in-process and through ``python -c``."""

from django.contrib.auth import get_user_model
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cases.timelimits.presets import load_time_limit_preset
from cases.timelimits.schedule import install_periodic_tasks
from departments.models import Department, Matter, Organisation, Staff
from departments.roles import Role, sync_role_groups

DRAIN_TASK = "firstask.tasks.drain_outbox"


def seed(code="FLT"):
    sync_role_groups()
    organisation = Organisation.objects.create(name=f"故障测试单位{code}", code=code)
    load_time_limit_preset(organisation, "municipal")
    Department.objects.create(organisation=organisation, name="首问办", is_supervising_office=True)
    desk = Department.objects.create(organisation=organisation, name="受理台")
    social = Department.objects.create(organisation=organisation, name="社会事务科")
    people = {}
    for name, department, role in (
        ("clerk", desk, Role.CLERK),
        ("handler", social, Role.HANDLER),
        ("head", social, Role.HEAD),
    ):
        user = get_user_model().objects.create(
            username=f"{code}-{name}", email=f"{code}-{name}@example.cn"
        )
        user.groups.add(*_groups(role))
        people[name] = Staff.objects.create(
            organisation=organisation,
            department=department,
            user=user,
            name=name,
            badge_number=f"{code}-{name}",
        )
    social.head = people["head"]
    social.save()
    Matter.objects.create(organisation=organisation, department=social, name="低保申请")
    return organisation


def _groups(role):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=role.value)


def drain_every_second():
    install_periodic_tasks()
    task = PeriodicTask.objects.get(task=DRAIN_TASK)
    task.interval, _created = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    task.save()  # through the model: beat is told its schedule changed


def walk_cases(code, count, tag):
    """Intake (register and transfer), sign-for and resolution of ``count`` cases; returns
    the seconds each step took. The transfer note and the result carry ``tag``, so that
    each notice can be found in the mail exactly once."""
    import time

    from cases import services

    clerk, handler = (
        get_user_model().objects.get(username=f"{code}-{name}") for name in ("clerk", "handler")
    )
    matter = Matter.objects.get(organisation__code=code)
    timings = []
    for i in range(count):
        started = time.monotonic()
        case = services.case_register_and_route(
            route=services.Route.TRANSFER,
            routing={"note": f"{tag}-{i}-transfer"},
            by=clerk,
            channel="visit",
            kind="application",
            matter_text=f"申请低保{i}",
            matter=matter,
            person={"name": "市民甲", "phone": "13800000001"},
        )
        intake = time.monotonic()
        case.refresh_from_db()
        services.case_accept(case=case, by=handler)
        accepted = time.monotonic()
        case.refresh_from_db()
        services.case_resolve(
            case=case, by=handler, outcome="handled", result=f"{tag}-{i}-resolved"
        )
        resolved = time.monotonic()
        timings.append((intake - started, accepted - intake, resolved - accepted))
    return timings
