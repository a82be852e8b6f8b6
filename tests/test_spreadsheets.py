"""The spreadsheet writers: text as typed in XLSX and neutralised in CSV, real dates, numbers
and rates, widths fitted to the content, a title and a filter line, a printable page."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from firstask import xlsx
from firstask.spreadsheets import Percent, clean_text, csv_bytes, csv_text, sheet_title
from firstask.xlsx import Workbook, display_width, xlsx_bytes

HEADING = ["工单导出 · 城东区政务服务中心 · 2026-12-03 导出", "筛选：状态：已转办"]


def sheet(content):
    return load_workbook(io.BytesIO(content)).active


def csv_lines(headers, rows):
    return csv_bytes(headers, rows).decode("utf-8-sig").splitlines()


@pytest.mark.parametrize(
    "typed",
    [
        "=1+1",
        '=HYPERLINK("http://x.example/","点我")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "-",
    ],
)
def test_a_cell_typed_as_a_formula_is_plain_text_in_xlsx_and_quoted_in_csv(typed):
    cell = sheet(xlsx_bytes("工单", ["姓名"], [[typed]]))["A2"]

    assert cell.data_type == "s"
    assert cell.value == typed  # no apostrophe: a string cell is never a formula in XLSX
    assert csv_text(typed) == "'" + typed
    assert csv_lines(["姓名"], [[typed]])[1].lstrip('"').startswith("'")


def test_a_phone_number_with_a_plus_reads_back_identical_from_xlsx():
    phone = "+86 138 0013 8000"

    cell = sheet(xlsx_bytes("工作人员", ["电话"], [[phone]]))["A2"]

    assert (cell.value, cell.data_type) == (phone, "s")
    assert csv_lines(["电话"], [[phone]])[1] == "'+86 138 0013 8000"


def test_text_shaped_like_xlsx_markup_stays_text_and_the_file_stays_valid():
    typed = '<r><t>&amp;</t></r><r>"</r>'

    content = xlsx_bytes("工单", ["姓名"], [[typed]])

    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert sheet(content)["A2"].value == typed


def test_control_characters_and_nul_are_dropped():
    assert clean_text("张\x00三\x07") == "张三"
    assert sheet(xlsx_bytes("工单", ["姓名"], [["张\x00三\x07"]]))["A2"].value == "张三"
    assert csv_lines(["姓名"], [["张\x00三\x07"]])[1] == "张三"


def test_dates_are_real_dates_in_shanghai_time_with_date_formats(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    at = datetime.datetime(2026, 9, 30, 8, 0, tzinfo=datetime.UTC)  # 16:00 in Shanghai

    ws = sheet(xlsx_bytes("工单", ["登记时间", "日期"], [[at, at.date()]]))

    assert ws["A2"].value == datetime.datetime(2026, 9, 30, 16, 0)
    assert ws["B2"].value == datetime.datetime(2026, 9, 30, 0, 0)
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["B2"].number_format == "yyyy-mm-dd"


def test_numbers_are_numbers_and_yes_no_is_chinese():
    with translation.override("zh-hans"):
        ws = sheet(xlsx_bytes("考核", ["得分", "名次", "末位"], [[Decimal("87.25"), 3, True]]))

    assert [ws["A2"].value, ws["B2"].value, ws["C2"].value] == [87.25, 3, "是"]
    assert ws["A2"].data_type == ws["B2"].data_type == "n"


def test_rates_are_fractions_with_a_percent_format_and_empty_when_nothing_was_measured():
    rows = [[Percent(Decimal("87.50"))], [Percent(None)]]

    ws = sheet(xlsx_bytes("考核", ["办结率"], rows))

    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].number_format) == (0.875, "n", "0.00%")
    assert ws["A3"].value is None  # not "—", not 100 %
    assert csv_lines(["办结率"], rows)[1:] == ["87.50%", '""']
    assert [str(rate) for row in rows for rate in row] == ["87.50%", "—"]


def test_columns_are_as_wide_as_their_dates_case_numbers_and_chinese_names():
    at = datetime.datetime(2026, 12, 3, 14, 12)
    rows = [["WW-2026-000123", at, "城东区政务服务中心", "x" * 300, Percent(Decimal("100"))]]

    ws = sheet(xlsx_bytes("工单", ["编号", "时间", "部门", "说明", "满意率"], rows))
    width = {column: ws.column_dimensions[column].width for column in "ABCDE"}

    assert width["A"] >= len("WW-2026-000123")
    assert width["B"] >= len("2026-12-03 14:12")  # never ###
    assert width["C"] >= 2 * len("城东区政务服务中心")  # CJK characters count double
    assert width["D"] == pytest.approx(xlsx.MAX_WIDTH, abs=1)  # long text is capped
    assert width["E"] >= len("100.00%")


def test_a_long_header_widens_its_column():
    ws = sheet(xlsx_bytes("考核", ["及时签收率（%）"], [[Percent(Decimal("1"))]]))

    assert ws.column_dimensions["A"].width >= display_width("及时签收率（%）")


def test_text_is_measured_on_the_first_rows_and_dates_on_all(monkeypatch):
    monkeypatch.setattr(xlsx, "SAMPLE_ROWS", 2)
    resolved = datetime.datetime(2026, 12, 3, 14, 12)
    rows = [["A1", None], ["A2", None], ["a much longer value below", resolved]]

    ws = sheet(xlsx_bytes("工单", ["编号", "办结"], rows))

    assert ws.column_dimensions["A"].width < len("a much longer value below")
    assert ws.column_dimensions["B"].width >= len("2026-12-03 14:12")  # never ###


def test_the_title_and_filter_lines_sit_above_a_bold_frozen_header():
    ws = sheet(xlsx_bytes("工单", ["工单编号", "登记时间"], [["WW-2026-000001", None]], HEADING))

    assert [ws["A1"].value, ws["A2"].value] == HEADING
    assert ws["A1"].font.bold and not ws["A2"].font.bold
    assert [ws["A3"].value, ws["B3"].value] == ["工单编号", "登记时间"]
    assert ws["A3"].font.bold and ws["B3"].font.bold
    assert ws.freeze_panes == "A4"
    assert ws["A4"].value == "WW-2026-000001"


def test_it_prints_landscape_on_a4_one_page_wide_with_the_header_on_every_page():
    ws = sheet(xlsx_bytes("工单", ["工单编号"], [["WW-2026-000001"]] * 3, HEADING))

    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1  # 1 is the default the file leaves out
    assert ws.page_setup.fitToHeight == 0  # as many pages down as the rows need
    assert ws.print_title_rows == "$3:$3"


def test_a_sheet_without_heading_has_its_header_on_the_first_row():
    ws = sheet(xlsx_bytes("部门", ["名称"], [["民政科"]]))

    assert ws["A1"].value == "名称" and ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"


def test_the_sheet_is_named_in_chinese():
    book = load_workbook(io.BytesIO(xlsx_bytes("工单：2026/四季度", ["工单编号"], [])))

    assert book.sheetnames == ["工单：2026 四季度"]


def test_a_workbook_gives_two_sheets_of_one_name_different_names():
    buffer = io.BytesIO()
    workbook = Workbook(buffer)
    for _ in range(2):
        workbook.add_sheet("红榜" * 20, ["部门"]).write_row(["民政科"])
    workbook.close()

    names = load_workbook(buffer).sheetnames
    assert len(set(names)) == 2 and all(len(name) <= 31 for name in names)


def test_sheet_titles_are_cut_to_excels_limit():
    assert len(sheet_title("很" * 40)) == 31
    assert sheet_title("'引号'") == "引号"


def test_csv_starts_with_a_byte_order_mark_for_excel():
    data = csv_bytes(["工单编号", "紧急"], [["WW-2026-000001", True]])
    assert data.startswith("\ufeff".encode())
    with translation.override("zh-hans"):
        text = csv_bytes(["紧急"], [[True], [False]]).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["是", "否"]


def test_a_heading_line_shaped_like_xlsx_markup_stays_text():
    line = "<r><t>筛选</t></r>"

    ws = sheet(xlsx_bytes("工单", ["工单编号"], [], [line, "全部记录"]))

    assert (ws["A1"].value, ws["A1"].font.bold) == (line, True)
