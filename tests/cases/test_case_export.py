"""Case, transfer and callback exports through the admin's export view."""

import datetime as dt
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl.utils import get_column_letter

from cases.choices import Kind
from departments.models import ExportJob
from tests.exports import export, header_row, heading, sheet_rows

from .conftest import later

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


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

    book, rows = sheet_rows(export(client, "cases_case").content)
    names = [
        cell for row in rows[1:] for cell in row if isinstance(cell, str) and "HYPERLINK" in cell
    ]
    assert names == ['=HYPERLINK("http://evil.example/","点我")']  # as typed: a string cell
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
    csv_text = export(client, "cases_case", "csv").content.decode("utf-8-sig")
    assert ",=HYPERLINK" not in csv_text and "'=HYPERLINK" in csv_text


def test_a_phone_number_with_a_plus_is_exported_as_typed(org, register, as_user):
    register(person={"name": "王五", "phone": "+86 138 0013 8000"})
    client = as_user(org.supervisor)

    _book, rows = sheet_rows(export(client, "cases_case").content)

    assert "+86 138 0013 8000" in rows[1]
    assert "'+86 138 0013 8000" in export(client, "cases_case", "csv").content.decode("utf-8-sig")


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


def test_the_sheet_says_what_it_is_and_which_filters_made_it(org, transferred, as_user):
    with time_machine.travel(dt.datetime(2026, 12, 3, 14, 12, tzinfo=SHANGHAI)):
        content = export(
            as_user(org.supervisor), "cases_case", query="state__exact=transferred&q=张"
        ).content

    title, filters = heading(content)
    assert title == f"工单导出 · {org.organisation.name} · 2026-12-03 导出"
    assert filters == "筛选：状态：已转办；搜索“张”"
    _book, rows = sheet_rows(content)
    assert rows[0][:2] == ["工单编号", "登记时间"]


def test_a_date_filter_is_named_with_its_days(org, register, as_user):
    register()
    this_month = urlencode(
        {
            "registered_at__gte": "2026-12-01 00:00:00+08:00",
            "registered_at__lt": "2027-01-01 00:00:00+08:00",
        }
    )
    client = as_user(org.supervisor)

    with time_machine.travel(dt.datetime(2026, 12, 3, 14, 12, tzinfo=SHANGHAI)):
        content = export(client, "cases_case", query=this_month).content

    assert heading(content)[1] == "筛选：登记时间：本月（2026-12-01 – 2026-12-31）"


def test_an_unfiltered_list_says_so(org, register, as_user):
    register()

    assert heading(export(as_user(org.supervisor), "cases_case").content)[1] == "全部记录，未筛选。"


def test_dates_and_case_numbers_fit_their_columns_and_the_list_prints_one_page_wide(
    org, register, as_user
):
    register()

    book, rows = sheet_rows(export(as_user(org.supervisor), "cases_case").content)

    sheet, header = book.active, rows[0]
    width = {
        name: sheet.column_dimensions[get_column_letter(header.index(name) + 1)].width
        for name in ("工单编号", "登记时间")
    }
    assert width["登记时间"] >= len("2026-12-03 14:12")
    assert width["工单编号"] >= len(rows[1][0])
    assert sheet.cell(header_row(sheet) + 1, 2).number_format == "yyyy-mm-dd hh:mm"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"


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
    assert heading(content) == [
        f"工单导出 · {org.organisation.name} · {timezone.localdate().isoformat()} 导出",
        "全部记录，未筛选。",
    ]
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


def test_a_search_the_list_refuses_still_exports_the_list(org, register, as_user):
    case = register()

    response = export(as_user(org.supervisor), "cases_case", query="q=%00")

    assert response.status_code == 200
    assert sheet_rows(response.content)[1][1][0] == case.number


def test_an_export_asked_from_a_link_back_to_the_list_names_its_filters(org, transferred, as_user):
    query = "_changelist_filters=state__exact%3Dtransferred&state__exact=transferred"

    content = export(as_user(org.supervisor), "cases_case", query=query).content

    assert heading(content)[1] == "筛选：状态：已转办"


def test_the_export_page_is_in_the_back_offices_frame_with_the_way_back_to_the_list(
    org, register, as_user, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    register()
    client = as_user(org.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, "cases_case", query="state__exact=registered")

    page = client.get(response["Location"]).text

    assert "Django" not in page
    assert str(admin.site.site_header) in page
    breadcrumbs = page[page.index('class="breadcrumbs"') :].split("</div>", 1)[0]
    list_url = reverse("admin:cases_case_changelist") + "?state__exact=registered"
    assert f'href="{list_url}"' in breadcrumbs
    assert "导出" in breadcrumbs
    assert 'id="user-tools"' in page
