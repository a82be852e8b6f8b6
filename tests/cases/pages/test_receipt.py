import io
import re

from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.choices import Outcome
from cases.models import Case
from cases.timelimits.clocks import promised_resolution
from tests.cases.time_limits import WD, at, make_policy


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


def test_the_receipt_promises_the_resolve_limit_counted_from_the_sign_for_deadline(
    login, org, register
):
    # Sent on Monday: to be signed for within 1 working day (by the close of Tuesday), then
    # 3 working days to resolve: the person is promised the close of Friday.
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD))
    case = register(at=at(2026, 11, 23, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=at(2026, 11, 23, 9, 5))

    page = login(org.clerk).get(reverse("cases:receipt", args=[case.pk])).content.decode()

    assert "2026-11-27 17:30" in page


def test_once_signed_for_the_receipt_promises_the_resolve_deadline(login, org, register):
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD))
    case = register(at=at(2026, 11, 23, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=at(2026, 11, 23, 9, 5))
    case.refresh_from_db()
    services.case_accept(case=case, by=org.handler.user, at=at(2026, 11, 23, 10))
    case.refresh_from_db()

    page = login(org.clerk).get(reverse("cases:receipt", args=[case.pk])).content.decode()

    assert timezone.localtime(case.current_clock.due_at).strftime("%Y-%m-%d %H:%M") in page
    assert case.current_clock.stage == "resolve"


def test_a_case_handled_on_the_spot_promises_nothing_more(login, org, register):
    make_policy(org.organisation)
    case = register()
    services.case_resolve(case=case, by=org.clerk.user, outcome=Outcome.ANSWERED, result="已答复")

    assert promised_resolution(Case.objects.get(pk=case.pk)) is None


def _pdf_text(content):
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _pdf_fonts(content):
    from pypdf import PdfReader

    fonts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for part in descendants:
                descriptor = part.get_object().get("/FontDescriptor")
                fonts.append((str(font["/BaseFont"]), descriptor and descriptor.get_object()))
    return fonts


def test_the_receipt_pdf_text_extracts_as_the_chinese_it_prints(login, org, transferred):
    content = login(org.clerk).get(reverse("cases:receipt_pdf", args=[transferred.pk])).content

    text = _pdf_text(content)

    for expected in (org.organisation.name, "收件回执", org.social.name, transferred.number):
        assert expected in text


def test_the_receipt_pdf_embeds_its_chinese_font(login, org, transferred):
    content = login(org.clerk).get(reverse("cases:receipt_pdf", args=[transferred.pk])).content

    # ReportLab always declares its default Helvetica, one of the 14 fonts every viewer has.
    fonts = [(name, d) for name, d in _pdf_fonts(content) if name != "/Helvetica"]

    assert fonts
    for name, descriptor in fonts:
        assert "STSong" not in name
        assert descriptor is not None and "/FontFile2" in descriptor  # embedded TrueType


def test_behind_an_https_proxy_the_receipts_qr_link_is_https(client, settings, org, transferred):
    from config.production import proxy_ssl_header

    settings.SECURE_PROXY_SSL_HEADER = proxy_ssl_header("X-Forwarded-Proto")
    client.force_login(org.clerk.user)

    response = client.get(
        reverse("cases:receipt", args=[transferred.pk]), HTTP_X_FORWARDED_PROTO="https"
    )

    assert response.context["receipt"].lookup_url.startswith("https://")
