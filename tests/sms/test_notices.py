"""SMS notices are written with the step: the receipt, the result, the callback invitation
to the person, deadline warnings to staff; never a confidential case's content; opted-out
and over-limit numbers get nothing and the record says why."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from cases import services
from cases.choices import ContactResult, Kind, Outcome
from cases.models import Case
from cases.timelimits.sweep import sweep
from firstask.models import OutboxMessage
from firstask.queue import notices_held_back
from firstask.tasks import drain_outbox
from sms.models import NoticeKind, OptOutSource, SmsMessage, SmsStatus, SmsTemplate
from sms.notices import opt_out
from tests.cases.conftest import T0, later
from tests.cases.time_limits import WD, at, make_policy, sent_at_the_desk

pytestmark = pytest.mark.django_db


def sms_of(kind):
    return list(SmsMessage.objects.filter(kind=kind).order_by("id"))


def test_registering_a_case_texts_the_person_its_number_query_code_and_promised_date(
    org, register, templates, sms_in_memory
):
    make_policy(org.organisation)
    case = register()
    drain_outbox()

    (sms,) = sms_of(NoticeKind.RECEIPT)
    assert (sms.to, sms.status, sms.template_code) == (
        "13800000001",
        SmsStatus.SENT,
        "SMS_100000001",
    )
    assert sms.params["number"] == case.number
    assert sms.params["code"] == case.query_code
    assert sms.params["due"].startswith("2026-11-")
    assert sms.params["matter"] == "最低生活保障申请"
    assert [(s.to, s.template_code, s.signature) for s in sms_in_memory] == [
        ("13800000001", "SMS_100000001", "首问测试")
    ]
    assert sms_in_memory[0].params == sms.params


def test_an_organisation_without_templates_writes_no_sms_and_no_outbox_row(org, register):
    register()

    assert not SmsMessage.objects.exists()
    assert not OutboxMessage.objects.filter(topic="sms.tasks.send_sms").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"person": {"name": "市民乙", "phone": "010-88886666"}},
        {"person": {"name": "市民乙"}},
        {"is_anonymous": True},
    ],
    ids=["landline", "no-phone", "anonymous"],
)
def test_a_person_without_a_mobile_number_gets_no_sms(org, register, templates, overrides):
    register(**overrides)

    assert not SmsMessage.objects.exists()


def test_a_number_written_with_the_country_code_is_texted_as_the_mobile_number(
    org, register, templates
):
    register(person={"name": "市民丙", "phone": "+86 138-0000-0002"})

    assert SmsMessage.objects.get().to == "13800000002"


def test_resolving_texts_the_person_the_outcome(org, in_handling, templates, sms_in_memory):
    SmsMessage.objects.all().delete()
    services.case_resolve(
        case=in_handling, by=org.handler.user, outcome="handled", result="已办结", at=later(60)
    )
    drain_outbox()

    (sms,) = sms_of(NoticeKind.RESULT)
    with translation.override(settings.LANGUAGE_CODE):
        outcome = str(Outcome.HANDLED.label)
    assert sms.params == {"number": in_handling.number, "outcome": outcome}
    assert sms.status == SmsStatus.SENT
    assert [s.template_code for s in sms_in_memory] == ["SMS_100000002"]


def test_an_unreached_callback_invites_the_person_once(org, resolved, templates):
    org.organisation.callback_attempts = 3
    org.organisation.save()
    for minutes in (120, 180):
        services.case_call_back(
            case=resolved,
            by=org.clerk.user,
            contact_result=ContactResult.UNREACHABLE,
            at=later(minutes),
        )
    drain_outbox()

    (sms,) = sms_of(NoticeKind.CALLBACK_INVITATION)
    assert (sms.params["number"], sms.params["code"]) == (resolved.number, resolved.query_code)
    assert sms.status == SmsStatus.SENT


def test_a_confidential_case_gets_only_the_neutral_notice_naming_nothing_of_the_case(
    org, register, templates, sms_in_memory
):
    case = register(
        kind=Kind.REPORT,
        matter_text="举报某科室收受红包",
        person={"name": "举报人丁", "phone": "13800000003"},
    )
    services.case_resolve(
        case=case, by=org.clerk.user, outcome="handled", result="已查实", at=later(30)
    )
    drain_outbox()

    rows = list(SmsMessage.objects.order_by("id"))
    assert [row.kind for row in rows] == [NoticeKind.NEUTRAL, NoticeKind.NEUTRAL]
    assert all(row.params == {"organisation": org.organisation.name} for row in rows)
    sent = repr([(s.template_code, s.params) for s in sms_in_memory])
    for secret in (case.number, case.query_code, "举报", "红包", "举报人丁", "已查实"):
        assert secret not in sent
    assert {s.template_code for s in sms_in_memory} == {"SMS_100000005"}


def test_a_confidential_case_without_a_neutral_template_gets_no_sms(org, register, templates):
    templates[NoticeKind.NEUTRAL].delete()
    register(is_confidential=True)

    assert not SmsMessage.objects.exists()


@pytest.mark.parametrize(
    ("kind", "parameters"),
    [
        (NoticeKind.NEUTRAL, "organisation,matter"),
        (NoticeKind.NEUTRAL, "number"),
        (NoticeKind.RECEIPT, "number,overdue"),
        (NoticeKind.RECEIPT, "code,code"),
    ],
)
def test_a_template_may_not_use_variables_its_notice_may_not_carry(org, kind, parameters):
    template = SmsTemplate(
        organisation=org.organisation,
        kind=kind,
        template_code="SMS_1",
        signature="首问测试",
        parameters=parameters,
    )
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert "parameters" in refused.value.message_dict


def test_an_opted_out_number_gets_nothing_and_the_record_says_opted_out(
    org, register, templates, sms_in_memory
):
    assert opt_out(org.organisation, "138 0000 0001", OptOutSource.ADMIN)
    register()
    drain_outbox()

    sms = SmsMessage.objects.get()
    assert sms.status == SmsStatus.OPTED_OUT
    assert sms_in_memory == []
    assert not OutboxMessage.objects.filter(topic="sms.tasks.send_sms").exists()


def test_a_number_opted_out_before_its_queued_sms_left_gets_nothing(
    org, register, templates, sms_in_memory
):
    register()
    opt_out(org.organisation, "13800000001", OptOutSource.LINK)
    drain_outbox()

    assert SmsMessage.objects.get().status == SmsStatus.OPTED_OUT
    assert sms_in_memory == []


def test_opting_out_stops_one_organisations_sms_only(org, register, templates, other_organisation):
    opt_out(other_organisation, "13800000001", OptOutSource.REPLY)
    register()

    assert SmsMessage.objects.get().status == SmsStatus.QUEUED


def test_sms_beyond_the_hourly_limit_of_a_number_are_recorded_as_rate_limited(
    org, register, templates, settings, sms_in_memory
):
    settings.SMS_PER_NUMBER_PER_HOUR = 3
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(4):
            register()
        clock.shift(dt.timedelta(minutes=61))
        register()
    drain_outbox()

    statuses = list(SmsMessage.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [SmsStatus.SENT] * 3 + [SmsStatus.RATE_LIMITED, SmsStatus.SENT]
    assert len(sms_in_memory) == 4


def test_an_sms_is_written_with_its_step_and_rolled_back_with_it(org, register, templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        register()
        raise RuntimeError("the step fails after the notice was written")

    assert not SmsMessage.objects.exists()
    assert not OutboxMessage.objects.filter(topic="sms.tasks.send_sms").exists()


def test_records_of_the_past_text_nobody(org, register, templates):
    with notices_held_back():
        register()

    assert not SmsMessage.objects.exists()


def test_a_deadline_warning_texts_the_staff_members_mobile_with_counts_only(
    org, register, templates, sms_in_memory
):
    org.clerk.phone = "139-0000-0009"
    org.clerk.save()
    make_policy(org.organisation)
    case = register(at=later(0))
    SmsMessage.objects.all().delete()
    sweep(later(0) + dt.timedelta(days=30))
    drain_outbox()

    (sms,) = sms_of(NoticeKind.DEADLINE_WARNING)
    assert (sms.to, sms.staff, sms.case) == ("13900000009", org.clerk, None)
    assert sms.params == {"name": org.clerk.name, "overdue": "1", "near": "0"}
    assert case.number not in repr(sms.params)
    assert [s.to for s in sms_in_memory] == ["13900000009"]


def test_a_moved_promise_texts_the_person_the_new_date_and_the_reason(org, templates):
    SmsTemplate.objects.create(
        organisation=org.organisation,
        kind=NoticeKind.PROMISE_MOVED,
        template_code="SMS_100000006",
        signature="首问测试",
        parameters="number,due,reason",
    )
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD), max_extension=(10, WD))
    case = sent_at_the_desk(org, at(2026, 11, 23, 9, 5))
    (receipt,) = sms_of(NoticeKind.RECEIPT)
    services.case_accept(case=case, by=org.handler.user, at=at(2026, 11, 23, 10))
    extension = services.extension_request(
        case=Case.objects.get(pk=case.pk),
        by=org.handler.user,
        reason="需要实地核查",
        requested_due=at(2026, 12, 2, 17, 30),
        at=at(2026, 11, 24, 9),
    )
    services.extension_approve(
        extension=extension, by=org.social_head.user, at=at(2026, 11, 24, 10)
    )

    (moved,) = sms_of(NoticeKind.PROMISE_MOVED)
    assert receipt.params["due"] == "2026-11-27 17:30"  # what the receipt said
    assert moved.params["number"] == case.number
    assert moved.params["due"] == "2026-12-02 17:30"
    assert "需要实地核查" in moved.params["reason"]
