"""The staff import applies every column it shows: roles (revoking those a row no longer
lists), login and e-mail are changes in the preview and saved on confirm, or refused with
the reason under their column; a row's errors name its real problems only."""

import re

import pytest
from django.contrib.auth import get_user_model

from departments.models import Staff
from tests.exports import check, confirm, errors_of, xlsx
from tests.factories import StaffFactory

pytestmark = pytest.mark.usefixtures("chinese")

HEADERS = ["工号", "姓名", "登录账号", "电子邮箱", "部门", "职级", "角色", "启用"]


@pytest.fixture
def head(organisation, department):
    member = StaffFactory(
        organisation=organisation,
        department=department,
        badge_number="H1",
        name="郑强",
        rank=4,
        roles=["department_head", "handler"],
    )
    member.user.username = "zhengqiang"
    member.user.email = "zheng@example.cn"
    member.user.save()
    return member


def row_of(member, **changes):
    values = {
        "工号": member.badge_number,
        "姓名": member.name,
        "登录账号": member.user.username,
        "电子邮箱": member.user.email,
        "部门": member.department.name,
        "职级": member.rank,
        "角色": "部门负责人、承办人",
        "启用": "是",
        **changes,
    }
    return [values[header] for header in HEADERS]


def roles_of(member):
    return set(
        get_user_model().objects.get(pk=member.user_id).groups.values_list("name", flat=True)
    )


def preview(client, rows):
    checked = check(client, "departments_staff", xlsx([HEADERS, *rows]))
    assert "confirm_form" in checked.context, errors_of(checked)
    return checked


def test_a_role_left_out_of_a_row_is_revoked_and_previewed_as_a_change(admin_client, head):
    checked = preview(admin_client, [row_of(head, 角色="承办人")])

    totals = checked.context["result"].totals
    assert (totals["update"], totals["skip"]) == (1, 0)
    assert "修改 1 行" in checked.content.decode()
    assert roles_of(head) == {"department_head", "handler"}  # the dry run saved nothing

    confirm(admin_client, "departments_staff", checked)

    assert roles_of(head) == {"handler"}
    assert not get_user_model().objects.get(pk=head.user_id).is_staff  # no admin role left


def test_an_unchanged_row_stays_unchanged(admin_client, head):
    checked = preview(admin_client, [row_of(head)])

    assert checked.context["result"].totals["skip"] == 1


def test_a_new_login_name_renames_the_login_instead_of_making_another(admin_client, head):
    users_before = get_user_model().objects.count()

    checked = preview(admin_client, [row_of(head, 登录账号="zhengq")])
    assert checked.context["result"].totals["update"] == 1
    confirm(admin_client, "departments_staff", checked)

    head.refresh_from_db()
    assert head.user.username == "zhengq"
    assert get_user_model().objects.count() == users_before
    assert roles_of(head) == {"department_head", "handler"}


def test_a_new_email_address_is_saved(admin_client, head):
    checked = preview(admin_client, [row_of(head, 电子邮箱="zq@example.cn")])
    assert checked.context["result"].totals["update"] == 1
    confirm(admin_client, "departments_staff", checked)

    assert get_user_model().objects.get(pk=head.user_id).email == "zq@example.cn"


def test_a_login_or_email_someone_else_has_is_refused_under_its_column(
    admin_client, organisation, department, head
):
    colleague = StaffFactory(organisation=organisation, department=department, name="吴敏")
    colleague.user.email = "wu@example.cn"
    colleague.user.save()

    checked = check(
        admin_client,
        "departments_staff",
        xlsx([HEADERS, row_of(head, 登录账号=colleague.user.username, 电子邮箱="WU@example.cn")]),
    )

    page = errors_of(checked)
    assert f"登录账号：登录账号“{colleague.user.username}”已被占用" in page
    assert "电子邮箱：“WU@example.cn”已是吴敏" in page
    head.refresh_from_db()
    assert head.user.username == "zhengqiang"


def test_a_file_without_the_roles_column_leaves_roles_alone(admin_client, head):
    headers = ["工号", "姓名", "登录账号", "部门"]
    row = [head.badge_number, head.name, head.user.username, head.department.name]

    checked = check(admin_client, "departments_staff", xlsx([headers, row]))
    assert checked.context["result"].totals["skip"] == 1, errors_of(checked)
    confirm(admin_client, "departments_staff", checked)

    assert roles_of(head) == {"department_head", "handler"}


def test_an_unknown_role_is_refused_under_the_roles_column(admin_client, head):
    page = errors_of(
        check(admin_client, "departments_staff", xlsx([HEADERS, row_of(head, 角色="科长")]))
    )

    assert "角色：“科长”不在可选值中" in page
    assert roles_of(head) == {"department_head", "handler"}


def test_an_administrator_cannot_take_their_own_administrator_role(admin_client, administrator):
    row = row_of(administrator, 角色="登记员")

    page = errors_of(check(admin_client, "departments_staff", xlsx([HEADERS, row])))

    assert "角色：不能取消自己的管理员角色" in page


def test_a_bad_rank_is_the_only_error_of_its_row(admin_client, department):
    new = ["A2", "冯一", "fengyi", "", department.name, "科级", "登记员", "是"]

    checked = check(admin_client, "departments_staff", xlsx([HEADERS, new]))

    invalid = checked.context["result"].invalid_rows
    assert [row.error_dict for row in invalid] == [{"rank": ["“科级”不是整数。"]}]
    page = errors_of(checked)
    assert "职级：“科级”不是整数" in page
    assert "登录账号：" not in page and "null" not in page
    table = re.sub(r"<[^>]+>", " ", checked.content.decode().split('class="import-preview"')[1])
    assert "None" not in table and "---" not in table and "整行" not in table
    assert not Staff.objects.filter(badge_number="A2").exists()
    assert not get_user_model().objects.filter(username="fengyi").exists()


def test_the_preview_reads_yes_no_and_choices_as_the_sheet_does(admin_client, department):
    new = ["A3", "冯二", "fenger", "", department.name, 3, "登记员", "是"]

    checked = preview(admin_client, [new])

    table = re.sub(r"<[^>]+>", " ", checked.content.decode().split('class="import-preview"')[1])
    cells = table.split()
    assert "是" in cells
    assert "1" not in cells and "0" not in cells
    assert "True" not in table
