"""SMS in the admin: an organisation's administrators keep its templates, read its
messages (numbers masked, names never) and record opt-outs; another organisation's rows
never show."""

import pytest
from django.urls import reverse

from firstask.tasks import drain_outbox
from sms.models import NoticeKind, OptOutSource, SmsMessage, SmsOptOut, SmsTemplate
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, org):
    administrator = StaffFactory(
        organisation=org.organisation, department=org.office, roles=["administrator"]
    )
    client.force_login(administrator.user)
    return client


@pytest.fixture
def foreign_template(other_organisation):
    return SmsTemplate.objects.create(
        organisation=other_organisation,
        kind=NoticeKind.RECEIPT,
        template_code="SMS_999999999",
        signature="城西中心",
        parameters="number",
    )


@pytest.fixture
def message(org, register, templates):
    register(person={"name": "市民甲乙", "phone": "13800000001"})
    drain_outbox()
    return SmsMessage.objects.get()


def test_administrators_see_their_own_organisations_templates_only(
    admin_client, templates, foreign_template
):
    page = admin_client.get(reverse("admin:sms_smstemplate_changelist")).content.decode()

    assert "SMS_100000001" in page
    assert "SMS_999999999" not in page
    foreign = admin_client.get(reverse("admin:sms_smstemplate_change", args=[foreign_template.pk]))
    assert foreign.status_code in (302, 404)


def test_a_template_with_a_variable_its_notice_may_not_carry_is_refused_in_the_admin(
    admin_client, org
):
    answer = admin_client.post(
        reverse("admin:sms_smstemplate_add"),
        {
            "kind": NoticeKind.NEUTRAL,
            "template_code": "SMS_100000009",
            "signature": "首问测试",
            "parameters": "organisation,matter",
            "is_active": "on",
        },
    )

    assert answer.status_code == 200
    assert "matter" in answer.context["adminform"].form.errors["parameters"][0]
    assert not SmsTemplate.objects.exists()


def test_an_administrator_registers_a_template_for_their_organisation(admin_client, org):
    answer = admin_client.post(
        reverse("admin:sms_smstemplate_add"),
        {
            "kind": NoticeKind.RECEIPT,
            "template_code": " SMS_100000010 ",
            "signature": "【首问测试】",
            "parameters": "number， code,due",
            "is_active": "on",
        },
    )

    assert answer.status_code == 302
    template = SmsTemplate.objects.get()
    assert (template.organisation, template.template_code, template.signature) == (
        org.organisation,
        "SMS_100000010",
        "首问测试",
    )
    assert template.parameter_names == ["number", "code", "due"]


def test_messages_are_read_only_with_the_number_masked_and_no_name(admin_client, message):
    listing = admin_client.get(reverse("admin:sms_smsmessage_changelist")).content.decode()
    detail = admin_client.get(
        reverse("admin:sms_smsmessage_change", args=[message.pk])
    ).content.decode()

    for page in (listing, detail):
        assert "138****0001" in page
        assert "13800000001" not in page
        assert "市民甲乙" not in page
    assert message.params["number"] in detail
    assert 'name="_save"' not in detail
    assert admin_client.get(reverse("admin:sms_smsmessage_add")).status_code == 403


def test_the_opt_out_action_records_the_selected_messages_numbers(admin_client, message, org):
    answer = admin_client.post(
        reverse("admin:sms_smsmessage_changelist"),
        {"action": "record_opt_out", "_selected_action": [message.pk]},
    )

    assert answer.status_code == 302
    row = SmsOptOut.objects.get()
    assert (row.organisation, row.number, row.source) == (
        org.organisation,
        "13800000001",
        OptOutSource.REPLY,
    )


def test_an_administrator_adds_an_opt_out_by_number_and_a_bad_number_is_refused(admin_client, org):
    url = reverse("admin:sms_smsoptout_add")
    refused = admin_client.post(url, {"number": "010-8888", "note": ""})
    assert refused.status_code == 200
    assert not SmsOptOut.objects.exists()

    added = admin_client.post(url, {"number": "+86 139 0000 0001", "note": "电话告知退订"})
    assert added.status_code == 302
    row = SmsOptOut.objects.get()
    assert (row.organisation, row.number, row.source) == (
        org.organisation,
        "13900000001",
        OptOutSource.ADMIN,
    )
