import re

from django.urls import reverse

from cases import services
from cases.choices import Outcome


def test_the_receipt_shows_what_the_person_takes_away(login, org, transferred):
    response = login(org.clerk).get(reverse("cases:receipt", args=[transferred.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    for text in (
        org.organisation.name,
        transferred.number,
        transferred.query_code,
        org.clerk.badge_number,
        org.social.name,
    ):
        assert text in page
    assert "<svg" in page
    lookup = reverse("public:lookup", args=[org.organisation.code])
    assert re.search(
        rf"http://testserver{lookup}\?number={transferred.number}&amp;code={transferred.query_code}",
        page,
    )
    assert "13800000001" not in page  # the person's phone is not on the receipt


def test_a_referred_out_receipt_names_the_agency_and_its_phone(login, org, register):
    case = register()
    services.case_resolve(
        case=case,
        by=org.clerk.user,
        outcome=Outcome.REFERRED_OUT,
        result="请到不动产登记中心",
        referred_to=org.agency,
    )

    page = login(org.clerk).get(reverse("cases:receipt", args=[case.pk])).content.decode()

    assert org.agency.name in page
    assert org.agency.phone in page


def test_a_one_time_notification_receipt_lists_the_materials(login, org, register):
    case = register()
    services.case_resolve(
        case=case,
        by=org.clerk.user,
        outcome=Outcome.ONE_TIME_NOTIFIED,
        result="一次性告知",
        notification_text="身份证原件\n户口簿",
    )

    receipt = login(org.clerk).get(reverse("cases:receipt", args=[case.pk])).context["receipt"]

    assert receipt.materials == ["身份证原件", "户口簿"]


def test_the_receipt_pdf_is_a_pdf_download(login, org, transferred):
    response = login(org.clerk).get(reverse("cases:receipt_pdf", args=[transferred.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert transferred.number in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_a4_paper_can_be_chosen_and_anything_else_falls_back_to_a5(login, org, transferred):
    client = login(org.clerk)
    url = reverse("cases:receipt", args=[transferred.pk])

    assert client.get(url, {"paper": "a4"}).context["paper"] == "a4"
    assert client.get(url, {"paper": "<script>"}).context["paper"] == "a5"
