"""Files on a case: attached at intake and on the case page, opened only by those who may
open the case (and, for a confidential case, see its person), listed in the timeline,
history and exports; refused files leave nothing behind."""

import hashlib
import io

import pytest
from django.urls import reverse
from PIL import ExifTags, Image

from cases import services
from cases.attachments.content import check_bytes
from cases.choices import AttachmentSource, EventAction, Kind
from cases.models import AccessPlace, Case, CaseAttachment, PersonalDataAccess
from cases.resources import CaseResource
from departments.roles import Role
from tests.cases.pages.test_intake_page import URL as INTAKE
from tests.cases.pages.test_intake_page import form_data
from tests.factories import DepartmentFactory, OrganisationFactory, StaffFactory

from .conftest import stored_files
from .files import image_bytes, pdf_bytes, photo_with_gps, scan, upload

pytestmark = pytest.mark.django_db


def attach(case, by, *files, source=AttachmentSource.DESK):
    return services.case_attach(
        case=case,
        files=[check_bytes(name, data) for name, data in files],
        by=by.user,
        source=source,
    )


def download(client, attachment):
    return client.get(reverse("cases:attachment", args=[attachment.token]))


def body(response):
    return b"".join(response.streaming_content)


# --- intake ---------------------------------------------------------------------------------


def test_a_clerk_attaches_a_scan_and_a_photo_at_intake(login, org, attachment_store):
    files = [scan("申请表扫描.pdf"), upload("IMG_0001.JPG", photo_with_gps(), "image/jpeg")]

    response = login(org.clerk).post(INTAKE, {**form_data(org), "attachments": files})

    assert response.status_code == 302
    case = Case.objects.get()
    first, photo = case.attachments.order_by("pk")
    assert (first.original_name, first.content_type) == ("申请表扫描.pdf", "application/pdf")
    assert first.source == AttachmentSource.INTAKE and first.uploaded_by == org.clerk
    assert first.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert first.size == len(pdf_bytes())
    # Stored under a random key: neither the case number nor the file name is in it.
    assert case.number not in first.storage_key and "申请表" not in first.storage_key
    assert len(stored_files(attachment_store)) == 2
    kept = Image.open(io.BytesIO(body(download(login(org.clerk), photo))))
    assert kept.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    line = case.events.get(action=EventAction.ATTACH)
    assert "申请表扫描.pdf" in line.note and line.actor == org.clerk


def test_a_file_claiming_to_be_a_pdf_is_refused_at_intake_and_nothing_is_saved(
    login, org, attachment_store
):
    fake = upload("证明.pdf", b"%PDF-1.4 but nothing else", "application/pdf")

    response = login(org.clerk).post(INTAKE, {**form_data(org), "attachments": [scan(), fake]})

    assert response.status_code == 400
    assert "证明.pdf" in response.context["form"].errors["attachments"][0]
    assert 'id="attachments-again"' in response.content.decode()  # choose them again
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_a_file_over_the_limit_is_refused_at_intake_with_the_limit(login, org, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    big = upload("扫描.png", image_bytes("PNG", size=(300, 300), color=None) + b"\x00" * 4096)

    response = login(org.clerk).post(INTAKE, {**form_data(org), "attachments": [big]})

    assert response.status_code == 400
    assert "2.0" in response.context["form"].errors["attachments"][0]
    assert not Case.objects.exists()


def test_the_intake_page_offers_the_file_field_in_a_multipart_form(login, org):
    page = login(org.clerk).get(INTAKE).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'name="attachments"' in page and "multiple" in page


# --- the case page ---------------------------------------------------------------------------


def test_the_handler_adds_a_file_on_the_case_page_and_opens_it(login, org, in_handling):
    url = reverse("cases:attach", args=[in_handling.pk])

    response = login(org.handler).post(url, {"attachments": [scan("现场照片说明.pdf")]})

    assert response.status_code == 302
    attachment = in_handling.attachments.get()
    assert attachment.source == AttachmentSource.DESK
    assert attachment.case_state == in_handling.state
    page = login(org.handler).get(reverse("cases:case", args=[in_handling.pk])).content.decode()
    assert attachment.get_absolute_url() in page and "现场照片说明.pdf" in page
    opened = download(login(org.handler), attachment)
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert opened["Content-Disposition"].startswith("attachment;")
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert body(opened) == pdf_bytes()


def test_a_bad_file_on_the_case_page_is_a_message_not_an_error(login, org, in_handling):
    url = reverse("cases:attach", args=[in_handling.pk])

    response = login(org.handler).post(url, {"attachments": [upload("a.pdf", b"not a pdf")]})

    assert response.status_code == 400
    assert "a.pdf" in response.content.decode()
    assert not in_handling.attachments.exists()


def test_no_more_than_the_limit_per_case(login, org, in_handling, settings):
    settings.ATTACHMENTS_PER_CASE = 2
    attach(in_handling, org.handler, ("1.pdf", pdf_bytes()), ("2.pdf", pdf_bytes()))

    response = login(org.handler).post(
        reverse("cases:attach", args=[in_handling.pk]), {"attachments": [scan()]}
    )

    assert response.status_code == 400
    assert in_handling.attachments.count() == 2


def test_staff_not_involved_in_the_case_cannot_attach(login, org, in_handling):
    response = login(org.civil_handler).post(
        reverse("cases:attach", args=[in_handling.pk]), {"attachments": [scan()]}
    )

    assert response.status_code == 404  # the case is not theirs to see
    assert not in_handling.attachments.exists()


# --- who may open a file ---------------------------------------------------------------------


def test_only_those_who_may_open_the_case_may_open_its_files(client, login, org, in_handling):
    [attachment] = attach(in_handling, org.handler, ("报告.pdf", pdf_bytes()))
    elsewhere = OrganisationFactory(code="XX")
    stranger = StaffFactory(
        organisation=elsewhere, department=DepartmentFactory(organisation=elsewhere)
    )

    assert download(login(org.clerk), attachment).status_code == 200  # registered it
    assert download(login(org.supervisor), attachment).status_code == 200
    assert download(login(org.civil_handler), attachment).status_code == 404
    assert download(login(stranger), attachment).status_code == 404
    client.logout()
    assert download(client, attachment).status_code == 302  # to the login page
    assert client.get(reverse("cases:attachment", args=["x" * 32])).status_code == 302


def test_a_confidential_cases_files_follow_its_masking(login, org, register):
    report = register(kind=Kind.REPORT, person={"name": "举报人", "phone": "13800000002"})
    services.case_transfer(case=report, by=org.clerk.user, to_department=org.social)
    report.refresh_from_db()
    [attachment] = attach(report, org.clerk, ("举报人身份证.jpg", image_bytes("JPEG")))

    handler_page = login(org.handler).get(reverse("cases:case", args=[report.pk]))
    assert handler_page.status_code == 200
    assert "举报人身份证" not in handler_page.content.decode()
    assert handler_page.context["attachments_hidden"] == 1
    assert download(login(org.handler), attachment).status_code == 404
    assert download(login(org.clerk), attachment).status_code == 404  # even who attached it
    assert download(login(org.supervisor), attachment).status_code == 200
    assert download(login(org.auditor), attachment).status_code == 200
    line = report.events.get(action=EventAction.ATTACH)
    assert "举报人身份证" not in line.note  # the timeline, read by all, names no file


# --- timeline, history, exports -------------------------------------------------------------


def test_each_upload_is_a_timeline_line_and_a_history_row(org, in_handling):
    attach(in_handling, org.handler, ("a.pdf", pdf_bytes()))
    attach(in_handling, org.handler, ("b.png", image_bytes()), ("c.pdf", pdf_bytes()))

    lines = in_handling.events.filter(action=EventAction.ATTACH).order_by("pk")
    assert [line.note.split("（")[0] for line in lines] == ["a.pdf", "b.png"]
    assert "c.pdf" in lines[1].note
    history = CaseAttachment.history.filter(case=in_handling)
    assert history.count() == 3
    assert {row.history_user for row in history} == {org.handler.user}


def test_the_case_export_counts_the_attachments(org, in_handling, register):
    other = register(matter_text="另一件事")
    attach(in_handling, org.handler, ("a.pdf", pdf_bytes()), ("b.pdf", pdf_bytes()))
    resource = CaseResource(user=org.supervisor.user)

    dataset = resource.export(queryset=Case.objects.filter(pk__in=[in_handling.pk, other.pk]))

    column = dataset.headers.index(resource.fields["attachments"].column_name)
    counts = {row[0]: row[column] for row in dataset}
    assert counts == {in_handling.number: 2, other.number: 0}


def test_the_admin_case_page_links_the_files_only_for_who_may_see_the_person(client, org, register):
    report = register(kind=Kind.REPORT, person={"name": "举报人", "phone": "13800000002"})
    [attachment] = attach(report, org.clerk, ("举报信.pdf", pdf_bytes()))
    administrator = StaffFactory(
        organisation=org.organisation, department=org.office, roles=[Role.ADMINISTRATOR]
    )
    url = reverse("admin:cases_case_change", args=[report.pk])

    pages = {}
    for staff in (org.supervisor, administrator):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        pages[staff] = client.get(url).content.decode()

    assert attachment.get_absolute_url() in pages[org.supervisor]
    assert "举报信.pdf" in pages[org.supervisor]
    assert attachment.get_absolute_url() not in pages[administrator]
    assert "举报信.pdf" not in pages[administrator]


def test_every_download_is_in_the_personal_data_access_log(login, org, in_handling):
    [attachment] = attach(in_handling, org.handler, ("身份证.png", image_bytes()))
    client = login(org.supervisor)

    download(client, attachment)
    download(client, attachment)
    client.get(reverse("cases:attachment", args=["not-a-token"]))

    rows = PersonalDataAccess.objects.filter(place=AccessPlace.ATTACHMENT)
    assert [(row.case, row.viewer) for row in rows] == [(in_handling, org.supervisor.user)] * 2
