"""A worker killed after the mail server accepted a notice and before the commit
(PostgreSQL, a Redis of the test's own): the next worker sends it again, as the same mail
(the same Message-ID), and the attempt was on record before the mail left."""

import re

import pytest

from firstask.models import OutboxMessage, OutboxState
from tests.firstask import fault_seed
from tests.firstask.faults import RedisServer, fault_env, mails_in, run_script, worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
]

WALK = (
    "import django; django.setup()\n"
    "from tests.firstask.fault_seed import walk_cases\n"
    "walk_cases('FLT', 1, 'twice')\n"
)


def test_a_mail_resent_after_a_worker_died_carries_the_same_message_id(tmp_path):
    redis = RedisServer(tmp_path)
    env = fault_env(tmp_path, redis.url, EMAIL_BACKEND="tests.firstask.dying_mail.EmailBackend")
    fault_seed.seed()
    fault_seed.drain_every_second()
    mail = tmp_path / "mail"
    workers = []
    try:
        status, output = run_script(WALK, env, timeout=60)
        assert status == 0, output
        workers.append(worker(env, tmp_path / "worker-1.log"))
        workers[0].popen.wait(60)  # killed by its mail backend after the first mail
        [first] = OutboxMessage.objects.exclude(attempted_at=None)
        assert (first.state, first.attempts) == (OutboxState.PENDING, 1)
        assert "no outcome recorded" in first.last_error

        workers.append(worker(env, tmp_path / "worker-2.log"))
        workers[1].wait_for(
            lambda: not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists(),
            90,
            "every notice sent",
        )
    finally:
        for started in workers:
            started.stop()
        redis.stop()

    first.refresh_from_db()
    assert first.attempts == 2
    ids = re.findall(r"^Message-ID: (.+)$", mails_in(mail), flags=re.MULTILINE)
    assert len(ids) == 3  # the transfer notice twice, the resolution notice once
    assert ids.count(f"<outbox.{first.pk}.{first.created_at:%Y%m%d%H%M%S%f}@localhost>") == 2
    assert len(set(ids)) == 2
