"""Case, transfer and callback exports through the admin's export view."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from cases.choices import Kind
from departments.models import ExportJob
from tests.exports import export, sheet_rows

from .conftest import later


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def as_user(client):
    def login(staff):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        return client

    return login


@pytest.fixture
def report(register):
    return register(kind=Kind.REPORT, person={"name": "举报人丁", "phone": "13522223333"})


def test_a_clerks_export_masks_a_confidential_reporter_in_both_formats(org, report, as_user):
    client = as_user(org.clerk)

    _book, rows = sheet_rows(export(client, "cases_case").content)
    flat = [str(cell) for row in rows for cell in row]
    assert report.number in flat
    assert "举报人丁" not in flat and "13522223333" not in flat
    assert "（保密）" in flat
    csv_text = export(client, "cases_case", "csv").content.decode("utf-8-sig")
    assert report.number in csv_text
    assert "举报人丁" not in csv_text and "13522223333" not in csv_text


def test_a_supervisor_sees_the_reporter_in_the_export(org, report, as_user):
    _book, rows = sheet_rows(export(as_user(org.supervisor), "cases_case").content)
    assert "举报人丁" in [cell for row in rows for cell in row]


def test_a_name_typed_as_a_formula_arrives_as_text(org, register, as_user):
    register(person={"name": '=HYPERLINK("http://evil.example/","点我")', "phone": "13800000009"})
    client = as_user(org.supervisor)

    _book, rows = sheet_rows(export(client, "cases_case").content)
    names = [
        cell for row in rows[1:] for cell in row if isinstance(cell, str) and "HYPERLINK" in cell
    ]
    assert names == ['\'=HYPERLINK("http://evil.example/","点我")']
    csv_text = export(client, "cases_case", "csv").content.decode("utf-8-sig")
    assert ",=HYPERLINK" not in csv_text and "'=HYPERLINK" in csv_text


def test_the_sheet_is_chinese_with_real_dates(org, register, as_user):
    case = register()
    response = export(as_user(org.supervisor), "cases_case")

    book, rows = sheet_rows(response.content)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert book.sheetnames == ["工单"]
    header = rows[0]
    assert header[:2] == ["工单编号", "登记时间"]
    assert all(not cell.isascii() for cell in header), header
    registered = rows[1][header.index("登记时间")]
    assert registered == case.registered_at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(
        tzinfo=None
    )


def test_csv_has_a_byte_order_mark_and_chinese_headers(org, register, as_user):
    register()
    response = export(as_user(org.supervisor), "cases_case", "csv")

    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").startswith("工单编号,登记时间")


def test_the_export_holds_the_filtered_list_and_the_chosen_columns(
    org, register, transferred, as_user
):
    register()  # still at the reception window
    response = export(
        as_user(org.supervisor),
        "cases_case",
        query="state__exact=transferred",
        columns={"number", "state"},
    )

    _book, rows = sheet_rows(response.content)
    assert rows == [["工单编号", "状态"], [transferred.number, "已转办"]]


def test_the_column_picker_speaks_chinese(org, as_user):
    page = as_user(org.supervisor).get(reverse("admin:cases_case_export")).text

    assert "Select all" not in page and "Number" not in page
    assert "全部列" in page and "工单编号" in page
    assert "Tablib" not in page and ">json<" not in page and ">html<" not in page


def test_a_large_list_is_written_by_a_worker_with_a_download_link(
    org, register, as_user, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    register(kind=Kind.REPORT, person={"name": "举报人丁", "phone": "13522223333"})
    register()
    client = as_user(org.clerk)

    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, "cases_case")

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert job.state == ExportJob.State.DONE and job.rows_done == 2
    page = client.get(response["Location"]).text
    assert reverse("export_download", args=[job.pk]) in page
    download = client.get(reverse("export_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    _book, rows = sheet_rows(content)
    assert len(rows) == 3
    assert "举报人丁" not in [cell for row in rows for cell in row]


def test_nobody_else_can_open_someone_elses_export(
    org, register, as_user, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    register()
    with django_capture_on_commit_callbacks(execute=True):
        export(as_user(org.supervisor), "cases_case")
    job = ExportJob.objects.get()

    client = as_user(org.social_head)
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_transfers_and_callbacks_export_from_their_lists(org, resolved, as_user):
    from cases import services

    services.case_call_back(
        case=resolved,
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="satisfied",
        at=later(90),
    )
    client = as_user(org.supervisor)

    _book, transfers = sheet_rows(export(client, "cases_transfer").content)
    _book, callbacks = sheet_rows(export(client, "cases_callback").content)
    assert transfers[1][0] == str(resolved)
    assert "满意" in callbacks[1]
