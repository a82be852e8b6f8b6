"""The materials of a one-time notification (一次性告知) belong to that outcome only."""

from django.urls import reverse

from cases import services
from cases.choices import Outcome
from tests.cases.conftest import later


def test_an_answered_case_keeps_no_materials_even_when_some_were_sent(org, in_handling):
    services.case_resolve(
        case=in_handling,
        by=org.handler.user,
        outcome=Outcome.ANSWERED,
        result="已当面解答",
        notification_text="身份证原件\n申请表",
        at=later(60),
    )

    in_handling.refresh_from_db()
    assert in_handling.notification_text == ""


def test_a_one_time_notification_keeps_its_materials(org, in_handling):
    services.case_resolve(
        case=in_handling,
        by=org.handler.user,
        outcome=Outcome.ONE_TIME_NOTIFIED,
        result="已一次性告知",
        notification_text="身份证原件",
        at=later(60),
    )

    in_handling.refresh_from_db()
    assert in_handling.notification_text == "身份证原件"


def test_the_resolve_form_is_not_prefilled_with_the_materials(login, org, in_handling):
    response = login(org.handler).get(reverse("cases:case", args=[in_handling.pk]))

    form = dict(response.context["action_forms"])["resolve"]
    assert not form["notification_text"].value()
    # The materials are offered for the "materials owed" outcome only (filled in by script).
    assert form.fields["notification_text"].widget.attrs["data-materials"] == "身份证原件\n申请表"


def test_the_public_lookup_of_an_answered_case_lists_no_materials(client, org, in_handling):
    services.case_resolve(
        case=in_handling,
        by=org.handler.user,
        outcome=Outcome.ANSWERED,
        result="已当面解答",
        notification_text="身份证原件\n申请表",
        at=later(60),
    )

    response = client.get(
        reverse("public:lookup", args=[org.organisation.code]),
        {"number": in_handling.number, "code": in_handling.query_code},
    )

    assert response.context["found"] is not None
    assert "身份证原件" not in response.content.decode()
