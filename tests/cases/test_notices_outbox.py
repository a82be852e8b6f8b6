"""Notices are outbox rows written with the step: a broker outage delays them, never loses
them, and the step never waits for the broker."""

import pytest
from celery.app.task import Task
from kombu.exceptions import OperationalError

from cases import services
from firstask.models import OutboxMessage, OutboxState
from firstask.tasks import drain_outbox
from tests.cases.conftest import later


@pytest.fixture
def broker_down(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)
    return monkeypatch


def test_a_notice_written_while_the_broker_is_down_is_mailed_once_it_is_back(
    org, register, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    case = register()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)
    assert mailoutbox == []

    broker_down.undo()
    drain_outbox()  # what a worker runs when beat (or the next nudge) fires
    drain_outbox()

    assert [m.to for m in mailoutbox] == [[org.social_head.user.email]]
    assert case.number in mailoutbox[0].subject
    notice = OutboxMessage.objects.get(topic="cases.tasks.send_case_notice")
    assert (notice.state, notice.organisation_id) == (OutboxState.SENT, org.organisation.pk)


def test_a_sweep_killed_after_its_commit_still_sends_its_digests(
    org, register, broker_down, mailoutbox
):
    """The digests are rows of the sweep's own transaction, not after-commit callbacks:
    here the callbacks never run, as when the process dies right after COMMIT."""
    import datetime as dt

    from cases.timelimits.sweep import sweep
    from tests.cases.time_limits import make_policy

    make_policy(org.organisation)
    case = register(at=later(0))
    sweep(later(0) + dt.timedelta(days=30))

    broker_down.undo()
    drain_outbox()

    assert case.number in "".join(m.body for m in mailoutbox)
    digests = OutboxMessage.objects.filter(topic="cases.tasks.send_deadline_alerts")
    assert digests.exists()
    assert set(digests.values_list("state", flat=True)) == {OutboxState.SENT}


class WorkerDied(BaseException):
    """What the handler sees when its worker is killed: nothing it could catch."""


def test_a_worker_dying_after_the_mail_left_resends_it_with_the_same_message_id(
    org, register, mailoutbox, monkeypatch
):
    import datetime as dt

    import time_machine
    from django.core.mail.backends.locmem import EmailBackend
    from django.utils import timezone

    case = register()
    services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)
    notice = OutboxMessage.objects.get(topic="cases.tasks.send_case_notice")
    send = EmailBackend.send_messages

    def sent_then_died(self, messages):
        send(self, messages)  # the mail server has accepted it...
        raise WorkerDied  # ...and the worker dies before the outbox row is marked sent

    monkeypatch.setattr(EmailBackend, "send_messages", sent_then_died)
    started = timezone.now()
    with time_machine.travel(started, tick=False), pytest.raises(WorkerDied):
        drain_outbox()

    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.attempted_at) == ("pending", 1, started)
    assert "attempt 1 started" in notice.last_error  # the attempt was recorded first
    [first] = mailoutbox

    monkeypatch.setattr(EmailBackend, "send_messages", send)
    with time_machine.travel(started + dt.timedelta(seconds=10), tick=False):
        drain_outbox()  # the attempt's lease has not run out: not yet
    assert len(mailoutbox) == 1
    with time_machine.travel(started + dt.timedelta(minutes=1), tick=False):
        drain_outbox()

    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == ("sent", 2)
    first_id, second_id = (m.extra_headers["Message-ID"] for m in mailoutbox)
    assert (
        first_id
        == second_id
        == f"<outbox.{notice.pk}.{notice.created_at:%Y%m%d%H%M%S%f}@localhost>"
    )
    assert first.message()["Message-ID"] == first_id
