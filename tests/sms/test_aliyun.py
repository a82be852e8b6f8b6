"""The Alibaba Cloud SMS adapter (its official SDK) against a local fake of its HTTP API:
signed requests, refusals, an hour-long outage that loses and doubles nothing, and a worker
stopped after the provider took a message, which is not sent twice."""

import datetime as dt
import json

import pytest
import time_machine

from cases import services
from firstask.models import OutboxMessage, OutboxState
from firstask.tasks import drain_outbox
from sms import backends
from sms.models import NoticeKind, SmsMessage, SmsStatus
from tests.cases.conftest import T0
from tests.sms import fake_aliyun

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    server = fake_aliyun.FakeAliyun().start()
    settings.SMS_BACKEND = "sms.backends.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = server.endpoint
    settings.SMS_ALIYUN_PROTOCOL = "http"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = fake_aliyun.ACCESS_KEY_ID
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = fake_aliyun.ACCESS_KEY_SECRET
    settings.SMS_CONNECT_TIMEOUT = settings.SMS_READ_TIMEOUT = 2.0
    yield server
    server.stop()


def receipts_to(org, numbers):
    return [
        services.case_register(
            by=org.clerk.user,
            channel="visit",
            kind="application",
            matter_text="咨询低保申请需要什么材料",
            matter=org.matter,
            person={"name": "市民", "phone": number},
        )
        for number in numbers
    ]


def test_the_adapter_sends_template_code_signature_and_variables_signed_with_the_key(
    org, templates, fake
):
    (case,) = receipts_to(org, ["13800000011"])
    drain_outbox()

    sms = SmsMessage.objects.get()
    (call,) = fake.accepted
    assert call["PhoneNumbers"] == "13800000011"
    assert (call["SignName"], call["TemplateCode"]) == ("首问测试", "SMS_100000001")
    assert call["OutId"] == str(sms.pk)
    assert json.loads(call["TemplateParam"])["number"] == case.number
    assert (sms.status, sms.provider, sms.provider_message_id) == (
        SmsStatus.SENT,
        "aliyun",
        "000001^0",
    )
    assert fake.bad_signatures == 0


def test_a_number_the_provider_refuses_is_recorded_failed_and_not_retried(org, templates, fake):
    fake.refuse = {"13800000012"}
    receipts_to(org, ["13800000012"])
    drain_outbox()

    sms = SmsMessage.objects.get()
    assert sms.status == SmsStatus.FAILED
    assert "isv.MOBILE_NUMBER_ILLEGAL" in sms.error
    assert OutboxMessage.objects.get(topic="sms.tasks.send_sms").state == OutboxState.SENT
    assert fake.accepted == []


def test_a_wrong_access_key_secret_fails_the_signature_check_and_the_sms_waits_for_the_fix(
    org, templates, fake, settings
):
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "not-the-secret"
    with time_machine.travel(T0, tick=False) as clock:
        receipts_to(org, ["13800000013"])
        drain_outbox()
        sms = SmsMessage.objects.get()
        assert (sms.status, sms.attempts) == (SmsStatus.QUEUED, 1)
        assert "IncompleteSignature" in sms.error
        assert fake.bad_signatures == 1

        settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = fake_aliyun.ACCESS_KEY_SECRET
        clock.shift(dt.timedelta(minutes=2))
        drain_outbox()

    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.error) == (SmsStatus.SENT, 2, "")
    assert len(fake.accepted) == 1


def test_the_provider_down_for_an_hour_then_back_sends_every_sms_exactly_once(org, templates, fake):
    numbers = [f"1380000{n:04d}" for n in range(20, 26)]
    with time_machine.travel(T0, tick=False) as clock:
        fake.down = True
        cases = receipts_to(org, numbers)
        drain_outbox()
        for _minute in range(60):  # an hour of outage; beat drains every few seconds
            clock.shift(dt.timedelta(minutes=1))
            drain_outbox()
        assert fake.accepted == []
        assert set(SmsMessage.objects.values_list("status", flat=True)) == {SmsStatus.QUEUED}

        fake.down = False
        for _minute in range(3 * 60):  # back: drains go on for three hours more
            clock.shift(dt.timedelta(minutes=1))
            drain_outbox()

    sent_to = sorted(call["PhoneNumbers"] for call in fake.accepted)
    assert sent_to == numbers  # every one, once
    out_ids = [call["OutId"] for call in fake.accepted]
    assert len(set(out_ids)) == len(out_ids) == len(cases)
    rows = SmsMessage.objects.filter(kind=NoticeKind.RECEIPT)
    assert {row.status for row in rows} == {SmsStatus.SENT}
    assert min(row.attempts for row in rows) > 5  # retried with backoff through the outage
    assert fake.refused_while_down >= 6 * 6
    outbox = OutboxMessage.objects.filter(topic="sms.tasks.send_sms")
    assert set(outbox.values_list("state", flat=True)) == {OutboxState.SENT}


class WorkerKilled(BaseException):
    """The worker process dying: nothing after it runs, its open transaction is lost."""


class KilledAfterTheProviderTookIt(backends.AliyunBackend):
    def send(self, sms):
        super().send(sms)
        raise WorkerKilled


class KilledBeforeSending(backends.AliyunBackend):
    def send(self, sms):
        raise WorkerKilled


def test_a_worker_killed_after_the_provider_took_the_sms_does_not_make_it_send_twice(
    org, templates, fake, settings
):
    with time_machine.travel(T0, tick=False) as clock:
        receipts_to(org, ["13800000031"])
        settings.SMS_BACKEND = f"{__name__}.KilledAfterTheProviderTookIt"
        with pytest.raises(WorkerKilled):
            drain_outbox()
        assert len(fake.accepted) == 1  # the provider has it ...
        sms = SmsMessage.objects.get()
        assert sms.status == SmsStatus.QUEUED  # ... but the row never said so
        assert sms.sending_since == T0

        settings.SMS_BACKEND = "sms.backends.AliyunBackend"  # a fresh worker
        for _minute in range(10):  # the lease runs out; the outbox retries
            clock.shift(dt.timedelta(minutes=1))
            drain_outbox()

    assert len(fake.accepted) == 1  # exactly one SMS
    sms.refresh_from_db()
    assert (sms.status, sms.sent_at, sms.sending_since) == (SmsStatus.SENT, T0, None)
    (asked,) = fake.queries
    assert (asked["PhoneNumber"], asked["SendDate"]) == ("13800000031", "20261123")
    outbox = OutboxMessage.objects.get(topic="sms.tasks.send_sms")
    assert outbox.state == OutboxState.SENT


def test_a_worker_killed_before_the_provider_had_it_sends_it_on_the_retry(
    org, templates, fake, settings
):
    with time_machine.travel(T0, tick=False) as clock:
        receipts_to(org, ["13800000032"])
        settings.SMS_BACKEND = f"{__name__}.KilledBeforeSending"
        with pytest.raises(WorkerKilled):
            drain_outbox()
        settings.SMS_BACKEND = "sms.backends.AliyunBackend"
        for _minute in range(10):
            clock.shift(dt.timedelta(minutes=1))
            drain_outbox()

    (call,) = fake.accepted  # asked first, found nothing, sent once
    assert call["PhoneNumbers"] == "13800000032"
    assert len(fake.queries) == 1
    assert SmsMessage.objects.get().status == SmsStatus.SENT


def test_an_ordinary_retry_does_not_ask_the_provider(org, templates, fake, settings):
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "not-the-secret"  # answered: not taken
    with time_machine.travel(T0, tick=False) as clock:
        receipts_to(org, ["13800000033"])
        drain_outbox()
        settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = fake_aliyun.ACCESS_KEY_SECRET
        clock.shift(dt.timedelta(minutes=2))
        drain_outbox()

    assert len(fake.accepted) == 1
    assert fake.queries == []
