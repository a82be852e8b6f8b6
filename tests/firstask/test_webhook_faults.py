"""A receiver that never answers, behind six webhooks of one organisation, with real
workers on PostgreSQL and a Redis of the test's own: the other organisation's notices are
mailed within one drain interval, while the webhooks' own worker waits on that receiver.
"""

import signal
import time
import uuid

import pytest

from cases.open311.webhook_delivery import TOPIC
from cases.timelimits.schedule import install_periodic_tasks
from firstask.models import OutboxMessage, OutboxState
from tests.cases.open311.receiver import Silent
from tests.cases.open311.webhook_world import organisation_with_webhooks
from tests.factories import OrganisationFactory
from tests.firstask import fault_seed
from tests.firstask.faults import RedisServer, fault_env, mails_in, run_script, worker
from tests.test_infrastructure import celery_worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
]

DRAIN_INTERVAL = 10.0  # seconds: beat's outbox drain, as installed (cases/timelimits/schedule.py)
REGISTER = (
    "import django; django.setup()\n"
    "from tests.cases.open311.webhook_world import register_case\n"
    "register_case({code!r})\n"
)
WALK = (
    "import django; django.setup()\n"
    "from tests.firstask.fault_seed import walk_cases\n"
    "walk_cases('FLT', 1, 'fair')\n"
)


def run(code, env):
    status, output = run_script(code, env, timeout=60)
    assert status == 0, output


def test_a_silent_receiver_of_one_organisation_does_not_delay_anothers_mail(tmp_path):
    redis = RedisServer(tmp_path)
    webhook_queue = f"fault-webhooks-{uuid.uuid4().hex}"
    env = fault_env(
        tmp_path,
        redis.url,
        WEBHOOK_QUEUE=webhook_queue,
        WEBHOOK_ALLOWED_NETWORKS="127.0.0.1/32",
        WEBHOOK_READ_TIMEOUT="20",  # longer than the whole test wants to wait for mail
    )
    fault_seed.seed()  # organisation FLT: its notices are mail
    install_periodic_tasks()
    workers = []
    with Silent() as silent:
        organisation_with_webhooks(OrganisationFactory(code="SLOW"), silent.url, 6)
        try:
            workers.append(worker(env, tmp_path / "worker.log"))  # default queue, beat
            workers.append(celery_worker(env, tmp_path / "webhooks.log", "--queues", webhook_queue))
            run(REGISTER.format(code="SLOW"), env)
            workers[1].wait_for(
                lambda: len(silent.connections) == 6, 60, "six deliveries waiting for answers"
            )

            run(WALK, env)  # FLT: a case registered, transferred, signed for, resolved
            walked = time.monotonic()
            workers[0].wait_for(
                lambda: mails_in(tmp_path / "mail").count("fair-0-") == 2,
                DRAIN_INTERVAL,
                "the transfer and resolution notices mailed",
            )
            waited = time.monotonic() - walked

            webhooks = OutboxMessage.objects.filter(topic=TOPIC)
            assert webhooks.count() == 6
            assert set(webhooks.values_list("state", flat=True)) == {OutboxState.PENDING}
            assert len(silent.connections) == 6  # still waiting on the receiver
        finally:
            for started in workers:
                started.stop(sig=signal.SIGKILL)
            redis.stop()
    assert waited < DRAIN_INTERVAL
