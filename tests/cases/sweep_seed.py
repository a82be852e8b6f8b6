"""A case whose hand-over deadline has long passed, in a small organisation of its own.

Used in-process by the PostgreSQL worker test and through ``python -c`` by the embedded
broker test, so that both give the worker exactly the same work.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cases import services
from cases.timelimits.presets import load_time_limit_preset
from cases.timelimits.schedule import install_periodic_tasks
from departments.models import Department, Organisation, Staff

SWEEP_TASK = "cases.tasks.sweep_deadlines"


def seed_overdue_case(code="SWP", hours_ago=2):
    """Register a case ``hours_ago`` hours ago under the telecom preset (hand over within
    30 minutes); returns (case number, the clerk's email)."""
    organisation = Organisation.objects.create(name=f"清扫测试单位{code}", code=code)
    load_time_limit_preset(organisation, "telecom")
    desk = Department.objects.create(organisation=organisation, name="受理台")
    user = get_user_model().objects.create(username=f"{code}-clerk", email=f"{code}@example.cn")
    Staff.objects.create(
        organisation=organisation, department=desk, user=user, name="王芳", badge_number="1"
    )
    case = services.case_register(
        by=user,
        channel="phone",
        kind="complaint",
        matter_text="宽带故障三天未修复",
        at=timezone.now() - dt.timedelta(hours=hours_ago),
    )
    return case.number, user.email


def sweep_every_second():
    install_periodic_tasks()
    task = PeriodicTask.objects.get(task=SWEEP_TASK)
    task.interval, _created = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    task.save()  # through the model: beat is told its schedule changed
