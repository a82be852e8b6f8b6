"""Reading uploaded spreadsheets: the encodings Chinese Excel and WPS write, the row and size
limits enforced while reading, the header row below a title, and what counts as a formula."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from departments.models import Department, Staff
from departments.spreadsheets import csv_reading, sheet_reading, xlsx_reading
from departments.spreadsheets.csv_reading import read_csv
from departments.spreadsheets.sheet_reading import FileRefused, restore_neutralised
from departments.spreadsheets.xlsx_reading import read_xlsx
from tests.exports import check, confirm, errors_of, export
from tests.factories import StaffFactory

pytestmark = pytest.mark.usefixtures("chinese")


def upload(data: bytes, name="import.csv"):
    file = io.BytesIO(data)
    file.name = name
    return file


def workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DEPARTMENTS = "名称,上级部门,办公地点\r\n民政科,,二楼 201\r\n城建科,民政科,三楼\r\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_a_csv_in_an_encoding_excel_or_wps_writes_imports(admin_client, organisation, encoding):
    checked = check(
        admin_client, "departments_department", upload(DEPARTMENTS.encode(encoding)), "csv"
    )

    assert "confirm_form" in checked.context, errors_of(checked)
    assert "二楼 201" in checked.content.decode()
    confirm(admin_client, "departments_department", checked)
    new = Department.objects.get(name="城建科")
    assert new.organisation == organisation and new.parent.name == "民政科"


def test_a_gbk_staff_list_imports_with_its_chinese_names_and_roles(admin_client, department):
    text = (
        "工号,姓名,登录账号,部门,职务,角色\r\n"
        f"A300,欧阳娜娜,ouyang,{department.name},副科长,登记员、承办人\r\n"
    )

    checked = check(admin_client, "departments_staff", upload(text.encode("gbk")), "csv")
    assert "欧阳娜娜" in checked.content.decode(), errors_of(checked)
    confirm(admin_client, "departments_staff", checked)

    member = Staff.objects.get(badge_number="A300")
    assert (member.name, member.position, member.department) == ("欧阳娜娜", "副科长", department)
    assert set(member.user.groups.values_list("name", flat=True)) == {"clerk", "handler"}


def test_a_name_only_gb18030_can_write_imports(admin_client, department):
    with pytest.raises(UnicodeEncodeError):
        "刘䶮".encode("gbk")
    text = f"工号,姓名,登录账号,部门\r\nA301,刘䶮,liuyan,{department.name}\r\n"

    checked = check(admin_client, "departments_staff", upload(text.encode("gb18030")), "csv")
    confirm(admin_client, "departments_staff", checked)

    assert Staff.objects.get(badge_number="A301").name == "刘䶮"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ("名稱,電話\r\n市檔案館,12345\r\n臺北市政府,民政局\r\n".encode("big5"), "BIG5"),
        ("\ufeff名称,地点\r\n民政科,二楼\r\n".encode("utf-16-le"), "UTF-16"),
        (bytes(range(128, 256)) * 20, None),
    ],
)
def test_a_csv_in_another_encoding_is_refused_in_chinese(admin_client, data, named):
    checked = check(admin_client, "departments_department", upload(data), "csv")

    page = errors_of(checked)
    assert "文件的编码既不是 UTF-8 也不是 GBK/GB18030" in page
    assert "另存为“CSV UTF-8（逗号分隔）”" in page
    if named:
        assert named in page
    assert "UnicodeDecodeError" not in checked.content.decode()
    assert "confirm_form" not in checked.context
    assert not Department.objects.filter(name="民政科").exists()


def test_a_csv_past_the_row_limit_is_refused(admin_client):
    rows = "".join(f"2027-{1 + day // 28:02d}-{1 + day % 28:02d},是\r\n" for day in range(10_001))

    checked = check(
        admin_client,
        "departments_calendaroverride",
        upload(f"日期,工作日\r\n{rows}".encode()),
        "csv",
    )

    assert "文件超过 10000 行：最多可导入 10000 行" in errors_of(checked)


class EndlessCsv(io.RawIOBase):
    """A CSV file that never ends (a header, then one row again and again), which fails the
    test when asked for bytes further than ``stop_at``."""

    HEADER = "日期,工作日,备注\r\n".encode()

    def __init__(self, stop_at):
        self.stop_at, self.position = stop_at, 0
        padding = len(self.HEADER) - len("2027-01-01,是,\r\n".encode())
        self.row = f"2027-01-01,是,{'x' * padding}\r\n".encode()

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        assert whence == io.SEEK_SET
        self.position = offset
        return offset

    def tell(self):
        return self.position

    def readinto(self, buffer):
        assert self.position <= self.stop_at, "read on past the row limit"
        width = len(self.HEADER)
        first, last = self.position // width, (self.position + len(buffer)) // width
        lines = b"".join(self.HEADER if n == 0 else self.row for n in range(first, last + 1))
        start = self.position - first * width
        data = lines[start : start + len(buffer)]
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


def test_reading_a_csv_stops_at_the_first_row_past_the_limit():
    limit = sheet_reading.max_import_rows()
    # The header and the rows up to the refused one, and what the readers buffer ahead.
    stop_at = (limit + 2) * len(EndlessCsv.HEADER) + 2 * csv_reading.CHUNK_BYTES

    with pytest.raises(FileRefused, match=f"文件超过 {limit} 行"):
        read_csv(io.BufferedReader(EndlessCsv(stop_at)), frozenset({"日期", "工作日", "备注"}))


def test_reading_an_xlsx_stops_at_the_first_row_past_the_limit(admin_client, settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 100
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["日期", "工作日"])
    for day in range(5_000):
        sheet.append([f"2027-01-{1 + day % 28:02d}", "是"])
    rows_read = []
    read_row = xlsx_reading.xlsx_values
    monkeypatch.setattr(
        xlsx_reading, "xlsx_values", lambda row: rows_read.append(1) or read_row(row)
    )

    checked = check(
        admin_client, "departments_calendaroverride", upload(workbook_bytes(book), "big.xlsx")
    )

    assert "文件超过 100 行" in errors_of(checked)
    assert len(rows_read) <= 1 + 100 + sheet_reading.HEADER_SEARCH_ROWS


def zip_bomb(sheet_bytes):
    """An XLSX-shaped zip whose sheet, without a <dimension>, unpacks to ``sheet_bytes``."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = (
        b"<worksheet><sheetData>" + row * (sheet_bytes // len(row)) + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_an_xlsx_part_declared_too_big_is_refused_without_opening_it(settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1_000_000
    bomb = zip_bomb(2_000_000)
    assert len(bomb) < 50_000

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(xlsx_reading.openpyxl, "load_workbook", never)

    with pytest.raises(FileRefused) as refused:
        read_xlsx(io.BytesIO(bomb))

    assert "文件解压后有 1.9\xa0MB，超过导入可读取的 976.6\xa0KB" in str(refused.value)


def test_a_worksheet_without_a_declared_size_is_given_one_and_reads_the_same():
    book = Workbook(write_only=True)  # openpyxl's streaming writer declares no size
    sheet = book.create_sheet()
    sheet.append(["日期", "工作日", "备注"])
    sheet.append(["2027-02-07", "是", "调休"])
    data = workbook_bytes(book)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not xlsx_reading.declares_size(archive, "xl/worksheets/sheet1.xml")

    fixed = xlsx_reading.with_declared_sizes(io.BytesIO(data))

    with zipfile.ZipFile(fixed) as archive:
        assert xlsx_reading.declares_size(archive, "xl/worksheets/sheet1.xml")
    rows = read_xlsx(io.BytesIO(data))
    assert (rows.headers, [list(row) for row in rows]) == (
        ["日期", "工作日", "备注"],
        [["2027-02-07", "是", "调休"]],
    )


def test_an_xls_or_a_csv_chosen_as_xlsx_is_refused_with_the_reason(admin_client):
    old = upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old.xls")
    csv = upload("名称\r\n民政科\r\n".encode(), "departments.csv")

    assert "旧版 Excel 格式（.xls）" in errors_of(
        check(admin_client, "departments_department", old)
    )
    assert "请选择 CSV 格式" in errors_of(check(admin_client, "departments_department", csv))


def test_text_typed_into_xlsx_cells_imports_as_typed_and_only_formula_cells_are_refused(
    admin_client, organisation, department
):
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "登录账号", "部门", "职务", "联系电话"])
    sheet.append(["A400", "吴敏", "wumin", department.name, "-", "+86 138 0013 8000"])
    sheet.append(["A401", "郑强", "zhengqiang", department.name, "@前台", "=1+1"])
    sheet["F3"].data_type = "s"  # typed as text: a string cell, whatever it begins with

    checked = check(admin_client, "departments_staff", upload(workbook_bytes(book), "s.xlsx"))
    confirm(admin_client, "departments_staff", checked)

    wu, zheng = Staff.objects.filter(badge_number__in=["A400", "A401"]).order_by("badge_number")
    assert (wu.position, wu.phone) == ("-", "+86 138 0013 8000")
    assert (zheng.position, zheng.phone) == ("@前台", "=1+1")

    sheet.append(["A402", "冯一", "fengyi", department.name, "科员", "=A2"])  # a formula cell
    page = errors_of(
        check(admin_client, "departments_staff", upload(workbook_bytes(book), "f.xlsx"))
    )
    assert re.search(r"\b4\s+联系电话：不接受公式", page)


@pytest.mark.parametrize(
    ("cell", "imported"),
    [
        ("'=SUM(A1:A3)", "=SUM(A1:A3)"),
        ("'+86 138 0013 8000", "+86 138 0013 8000"),
        ("'-", "-"),
        ("'@前台", "@前台"),
        ("+86 138 0013 8000", "+86 138 0013 8000"),
        ("'二楼", "'二楼"),
    ],
)
def test_only_the_apostrophe_an_export_puts_before_a_formula_sign_is_removed(cell, imported):
    assert restore_neutralised(cell) == imported


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_exported_staff_table_imports_back_unchanged(
    admin_client, organisation, department, file_format
):
    for number, phone in enumerate(["+86 138 0013 8000", "-", "=1+1", "@前台", "0571-8888"]):
        member = StaffFactory(
            organisation=organisation, department=department, phone=phone, roles=["clerk"]
        )
        member.user.email = f"staff{number}@example.cn"
        member.user.save()
    before = sorted(Staff.objects.values_list("badge_number", "phone", "user__email"))
    exported = export(admin_client, "departments_staff", file_format)
    assert exported.status_code == 200

    checked = check(
        admin_client, "departments_staff", upload(exported.content, f"s.{file_format}"), file_format
    )

    result = checked.context["result"]
    assert not result.has_validation_errors(), errors_of(checked)
    assert result.totals["skip"] == Staff.objects.count() and result.totals["update"] == 0
    confirm(admin_client, "departments_staff", checked)
    assert sorted(Staff.objects.values_list("badge_number", "phone", "user__email")) == before


def test_title_and_period_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(
    admin_client, department
):
    book = Workbook()
    sheet = book.active
    sheet.append(["工作人员"])
    sheet.merge_cells("A1:E1")
    sheet.append(["导出时间", "2026-06-01 09:00"])
    sheet.append(["工号", "姓名", "登录账号", "部门", "职级"])
    sheet.append(["A500", "吴敏", "wumin", department.name, 2])
    sheet.append([])
    sheet.append(["A501", "郑强", "zhengqiang", department.name, "科级"])

    page = errors_of(
        check(admin_client, "departments_staff", upload(workbook_bytes(book), "t.xlsx"))
    )
    assert re.search(r"\b6\s+职级：“科级”不是整数", page)  # the file's row 6

    sheet["E6"] = 4
    checked = check(admin_client, "departments_staff", upload(workbook_bytes(book), "t.xlsx"))
    confirm(admin_client, "departments_staff", checked)
    assert Staff.objects.get(badge_number="A501").rank == 4


def test_a_column_named_twice_is_refused():
    book = Workbook()
    book.active.append(["工号", "姓名", "姓名"])
    book.active.append(["A1", "吴敏", "郑强"])

    with pytest.raises(FileRefused, match="“姓名”"):
        read_xlsx(io.BytesIO(workbook_bytes(book)))
