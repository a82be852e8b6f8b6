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

    from cases.sweep import sweep
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
