"""What comes back: the provider's delivery reports and replies (authenticated by the
secret in their address), and the person's own opt-out with their receipt's codes."""

import json

import pytest
from django.urls import reverse

from firstask.tasks import drain_outbox
from sms.models import OptOutSource, SmsMessage, SmsOptOut, SmsStatus

pytestmark = pytest.mark.django_db
TOKEN = "callback-secret-0123456789"


@pytest.fixture(autouse=True)
def token(settings):
    settings.SMS_CALLBACK_TOKEN = TOKEN


@pytest.fixture
def sent(org, register, templates):
    case = register()
    drain_outbox()
    return case, SmsMessage.objects.get()


def post(client, name, items, token=TOKEN):
    return client.post(
        reverse(f"sms:{name}", args=[token]),
        data=json.dumps(items, ensure_ascii=False),
        content_type="application/json",
    )


def report(sms, **overrides):
    return {
        "phone_number": sms.to,
        "send_time": "2026-11-23 09:00:01",
        "report_time": "2026-11-23 09:00:05",
        "success": True,
        "err_code": "DELIVERED",
        "err_msg": "用户接收成功",
        "sms_size": "1",
        "biz_id": sms.provider_message_id,
        "out_id": str(sms.pk),
        **overrides,
    }


def test_a_delivery_report_marks_the_message_delivered_at_the_reported_time(client, sent):
    _case, sms = sent
    answer = post(client, "reports", [report(sms)])

    assert (answer.status_code, answer.json()) == (200, {"code": 0, "msg": "成功"})
    sms.refresh_from_db()
    assert sms.status == SmsStatus.DELIVERED
    assert sms.reported_at.isoformat() == "2026-11-23T01:00:05+00:00"


def test_a_failed_delivery_report_records_the_providers_error(client, sent):
    _case, sms = sent
    post(client, "reports", [report(sms, success=False, err_code="MK:0001", err_msg="空号")])

    sms.refresh_from_db()
    assert (sms.status, sms.error) == (SmsStatus.FAILED, "MK:0001 空号")


def test_a_report_repeated_or_about_another_number_changes_nothing(client, sent):
    _case, sms = sent
    post(client, "reports", [report(sms, phone_number="13911112222")])
    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT

    post(client, "reports", [report(sms)])
    post(client, "reports", [report(sms, success=False, err_code="LATE")])
    sms.refresh_from_db()
    assert sms.status == SmsStatus.DELIVERED


@pytest.mark.parametrize("token", ["", "wrong-secret"])
def test_reports_without_the_secret_are_not_found_and_change_nothing(client, sent, settings, token):
    _case, sms = sent
    if not token:
        settings.SMS_CALLBACK_TOKEN = ""  # no secret configured: the address is closed
    answer = post(client, "reports", [report(sms)], token=token or TOKEN)

    assert answer.status_code == 404
    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"TD"', "\xff"])
def test_a_report_that_is_not_a_json_array_is_a_clear_400(client, sent, body):
    answer = client.post(
        reverse("sms:reports", args=[TOKEN]), data=body, content_type="application/json"
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == 1


def test_a_td_reply_opts_the_number_out_of_the_organisation_it_answered(client, sent, org):
    _case, sms = sent
    answer = post(
        client,
        "replies",
        [{"phone_number": sms.to, "content": " td ", "sign_name": "首问测试", "send_time": ""}],
    )

    assert answer.json()["code"] == 0
    opt_out = SmsOptOut.objects.get()
    assert (opt_out.organisation, opt_out.number, opt_out.source) == (
        org.organisation,
        sms.to,
        OptOutSource.REPLY,
    )


def test_a_reply_that_is_not_an_opt_out_word_changes_nothing(client, sent):
    _case, sms = sent
    post(client, "replies", [{"phone_number": sms.to, "content": "谢谢", "sign_name": "首问测试"}])

    assert not SmsOptOut.objects.exists()


def test_the_public_link_opts_the_cases_number_out_with_its_query_code(client, sent, org):
    case, _sms = sent
    url = reverse("sms_public:opt_out", args=[org.organisation.code])

    page = client.get(url, {"number": case.number})
    assert page.status_code == 200
    assert case.number in page.content.decode()

    wrong = client.post(url, {"number": case.number, "code": "WRONGCODE"})
    assert 'id="opt-out-not-found"' in wrong.content.decode()
    assert not SmsOptOut.objects.exists()

    done = client.post(url, {"number": case.number, "code": case.query_code.lower()})
    assert 'id="opt-out-done"' in done.content.decode()
    opt_out = SmsOptOut.objects.get()
    assert (opt_out.number, opt_out.source) == ("13800000001", OptOutSource.LINK)


def test_the_lookup_page_links_to_the_opt_out_page(client, sent, org):
    case, _sms = sent
    page = client.get(
        reverse("public:lookup", args=[org.organisation.code]),
        {"number": case.number, "code": case.query_code},
    )

    assert reverse("sms_public:opt_out", args=[org.organisation.code]) in page.content.decode()


@pytest.mark.parametrize("out_id", ["²", "9" * 40, "\x00"])
def test_a_report_with_an_odd_message_id_or_a_nul_byte_changes_nothing_and_is_no_500(
    client, sent, out_id
):
    _case, sms = sent
    answer = post(
        client,
        "reports",
        [report(sms, out_id=out_id, biz_id="x\x00y", success=False, err_msg="坏\x00字节")],
    )

    assert answer.status_code == 200
    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT
