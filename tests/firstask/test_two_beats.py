"""Two beats for a simulated hour (PostgreSQL): two processes' worth of sweeps and drains
run at once every two minutes while cases cross their deadlines. Every alert is recorded
once, every digest mailed once, every outbox message delivered once."""

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone

from cases import services
from cases.models import StageAlert
from cases.timelimits.presets import load_time_limit_preset
from cases.timelimits.sweep import sweep
from departments.models import Department, Organisation, Staff
from firstask.models import OutboxMessage, OutboxState
from firstask.outbox import drain

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CASES, STEP_MINUTES, HOUR = 6, 2, 60


def register_cases(start):
    organisation = Organisation.objects.create(name="双调度测试单位", code="TWO")
    load_time_limit_preset(organisation, "telecom")  # hand over within 30 minutes
    desk = Department.objects.create(organisation=organisation, name="受理台")
    user = get_user_model().objects.create(username="TWO-clerk", email="two@example.cn")
    Staff.objects.create(
        organisation=organisation, department=desk, user=user, name="王芳", badge_number="1"
    )
    return [
        services.case_register(
            by=user,
            channel="phone",
            kind="complaint",
            matter_text=f"宽带故障{i}",
            at=start + dt.timedelta(minutes=5 * i),
        ).number
        for i in range(CASES)
    ]


def test_two_beats_for_an_hour_record_and_mail_each_alert_once(mailoutbox):
    start = timezone.now().replace(microsecond=0)
    numbers = register_cases(start)
    steps = [start + dt.timedelta(minutes=m) for m in range(0, HOUR + 1, STEP_MINUTES)]
    barrier = threading.Barrier(2)
    errors = []

    def beat():
        try:
            for now in steps:
                barrier.wait(timeout=60)
                sweep(now)
                drain(now)
        except Exception as exc:  # reported below; a lost sweep would show as a missing alert
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    beats = [threading.Thread(target=beat) for _ in range(2)]
    for thread in beats:
        thread.start()
    for thread in beats:
        thread.join()
    drain(steps[-1] + dt.timedelta(minutes=1))

    assert errors == []
    assert StageAlert.objects.filter(kind="overdue").count() == CASES
    assert not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    bodies = "".join(message.body for message in mail.outbox)
    for number in numbers:
        runs = StageAlert.objects.filter(case__number=number).values("sweep_run").distinct()
        assert bodies.count(number) == runs.count(), number
