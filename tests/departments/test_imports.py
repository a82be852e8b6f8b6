"""Importing an organisation's tables from spreadsheets through the admin: a dry run with a
preview, row errors in Chinese, all or nothing; export → edit → import round-trips."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import CalendarOverride, Department, DutyRoster, Matter, Staff
from tests.exports import check, confirm, errors_of, export, xlsx
from tests.factories import DepartmentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.usefixtures("chinese")


def test_departments_round_trip_export_edit_import(admin_client, organisation, department):
    DepartmentFactory(organisation=organisation, name="民政科", location="二楼")
    exported = export(admin_client, "departments_department")
    book = load_workbook(io.BytesIO(exported.content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["名称", "上级部门", "部门负责人"]
    # Exported to be imported back: no title lines above the header, which stays frozen.
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "民政科":
            row[header.index("办公地点")].value = "三楼 301"
    sheet.append(["城建科", "民政科", None, None, "四楼", "", "否", "否", 5, "是"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "departments.xlsx"

    checked = check(admin_client, "departments_department", buffer)

    assert checked.status_code == 200 and "confirm_form" in checked.context, errors_of(checked)
    assert not Department.objects.filter(name="城建科").exists()  # a dry run saves nothing
    page = checked.content.decode()
    assert "新增" in page and "已修改" in page
    done = confirm(admin_client, "departments_department", checked)
    assert done.status_code == 302
    assert Department.objects.get(name="民政科").location == "三楼 301"
    new = Department.objects.get(name="城建科")
    assert new.organisation == organisation and new.parent.name == "民政科"


def test_staff_rows_create_logins_with_their_roles(admin_client, organisation, department):
    upload = xlsx(
        [
            [
                "工号",
                "姓名",
                "登录账号",
                "电子邮箱",
                "部门",
                "职务",
                "职级",
                "联系电话",
                "角色",
                "启用",
            ],
            [
                "A100",
                "吴敏",
                "wumin",
                "wumin@example.cn",
                department.name,
                "科员",
                2,
                "",
                "登记员、承办人",
                "是",
            ],
            ["A101", "郑强", "zhengqiang", "", department.name, "科长", 4, "", "部门负责人", "是"],
        ]
    )

    checked = check(admin_client, "departments_staff", upload)
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "departments_staff", checked)

    wu = Staff.objects.get(badge_number="A100")
    assert wu.organisation == organisation and wu.user.username == "wumin"
    assert not wu.user.has_usable_password()
    assert set(wu.user.groups.values_list("name", flat=True)) == {"clerk", "handler"}
    assert Staff.objects.get(badge_number="A101").user.is_staff


def test_a_taken_login_imports_nothing(admin_client, department):
    UserFactory(username="platform", is_superuser=True)
    upload = xlsx(
        [
            ["工号", "姓名", "登录账号", "部门"],
            ["A200", "冯一", "fengyi", department.name],
            ["A201", "冯二", "platform", department.name],
        ]
    )

    checked = check(admin_client, "departments_staff", upload)

    page = errors_of(checked)
    assert "confirm_form" not in checked.context
    assert "登录账号“platform”已被占用" in page
    assert not Staff.objects.filter(badge_number__startswith="A20").exists()
    assert not get_user_model().objects.filter(username="fengyi").exists()


def test_a_badge_number_twice_in_one_file_is_refused_whole(admin_client, department):
    upload = xlsx(
        [
            ["工号", "姓名", "登录账号", "部门"],
            ["A200", "冯一", "fengyi", department.name],
            ["A200", "冯三", "fengsan", department.name],
        ]
    )

    page = errors_of(check(admin_client, "departments_staff", upload))

    assert "同一条记录出现了两次（工号）：A200（第 2 行与第 3 行）" in page
    assert not Staff.objects.filter(badge_number="A200").exists()


def test_wrong_columns_are_named_and_nothing_is_imported(admin_client):
    checked = check(
        admin_client, "departments_externalagency", xlsx([["单位", "电话"], ["市档案馆", "1"]])
    )

    page = errors_of(checked)
    assert "列名不符" in page and "单位" in page and "名称" in page
    assert "confirm_form" not in checked.context


def test_bad_dates_unknown_names_and_formulas_are_row_errors_in_chinese(
    admin_client, organisation, department
):
    staff = StaffFactory(organisation=organisation, department=department, badge_number="B1")
    upload = xlsx(
        [
            ["日期", "班次", "工作人员", "部门", "值班类型"],
            ["2026-13-45", "白班", "B1", department.name, "部门值班"],
            ["2026-12-01", "白班", "B9", department.name, "部门值班"],
            ["2026-12-02", "白班", "B1", '=HYPERLINK("http://x")', "部门值班"],
            [dt.date(2026, 12, 3), "白班", "B1", department.name, "部门值班"],
        ]
    )

    checked = check(admin_client, "departments_dutyroster", upload)

    page = errors_of(checked)
    assert "“2026-13-45”不是日期" in page
    assert "本单位没有工作人员“B9”" in page
    assert "不接受公式" in page
    assert not DutyRoster.objects.filter(staff=staff).exists()
    table = re.sub(r"<[^>]+>", " ", checked.content.decode().split('class="import-preview"')[1])
    assert "None" not in table and "整行" not in table and "---" not in table


def test_another_organisations_department_is_not_found(admin_client, other_organisation):
    DepartmentFactory(organisation=other_organisation, name="外单位科室")
    upload = xlsx([["部门", "名称"], ["外单位科室", "借用事项"]])

    page = errors_of(check(admin_client, "departments_matter", upload))

    assert "本单位没有部门“外单位科室”" in page
    assert not Matter.objects.filter(name="借用事项").exists()


def test_a_file_over_the_row_limit_is_refused_whole(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["日期", "工作日"]] + [[f"2027-01-0{day}", "是"] for day in range(1, 6)]

    page = errors_of(check(admin_client, "departments_calendaroverride", xlsx(rows)))

    assert "最多可导入 3 行" in page
    assert not CalendarOverride.objects.exists()


def test_a_csv_saved_by_excel_with_a_byte_order_mark_imports(admin_client, organisation):
    data = "\ufeff日期,工作日,备注\r\n2027-02-07,是,春节调休上班\r\n".encode()
    upload = io.BytesIO(data)
    upload.name = "calendar.csv"

    checked = check(admin_client, "departments_calendaroverride", upload, "csv")
    confirm(admin_client, "departments_calendaroverride", checked)

    override = CalendarOverride.objects.get()
    assert override.organisation == organisation
    assert override.date == dt.date(2027, 2, 7) and override.is_working_day


def test_only_an_organisations_own_administrators_import(client, organisation, department):
    operator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(operator)
    assert client.get(reverse("admin:departments_department_import")).status_code == 403
    clerk = StaffFactory(organisation=organisation, department=department, roles=["clerk"])
    clerk.user.is_staff = True
    clerk.user.save()
    client.force_login(clerk.user)
    assert client.get(reverse("admin:departments_department_import")).status_code == 403
