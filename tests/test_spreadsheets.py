"""The one spreadsheet writer: formulas neutralised, real dates, Chinese sheet names, BOM."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from firstask.spreadsheets import csv_bytes, safe_text, sheet_title, xlsx_bytes


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x.example/","点我")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"],
)
def test_a_cell_typed_as_a_formula_arrives_as_text(typed):
    assert safe_text(typed) == "'" + typed
    book = load_workbook(io.BytesIO(xlsx_bytes("工单", ["姓名"], [[typed]])))
    cell = book.active["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + typed
    csv_text = csv_bytes(["姓名"], [[typed]]).decode("utf-8-sig")
    assert csv_text.splitlines()[1].lstrip('"').startswith("'")


def test_control_characters_and_nul_are_dropped():
    assert safe_text("张\x00三\x07") == "张三"


def test_dates_are_real_dates_in_shanghai_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    at = datetime.datetime(2026, 9, 30, 8, 0, tzinfo=datetime.UTC)  # 16:00 in Shanghai
    book = load_workbook(io.BytesIO(xlsx_bytes("工单", ["登记时间", "日期"], [[at, at.date()]])))
    row = next(book.active.iter_rows(min_row=2, values_only=True))
    assert row[0] == datetime.datetime(2026, 9, 30, 16, 0)
    assert row[1] == datetime.datetime(2026, 9, 30, 0, 0)
    assert book.active["A2"].number_format == "yyyy-mm-dd hh:mm"


def test_the_sheet_is_named_in_chinese_and_headers_are_bold():
    book = load_workbook(io.BytesIO(xlsx_bytes("工单：2026/四季度", ["工单编号"], [])))
    assert book.sheetnames == ["工单：2026 四季度"]
    assert book.active["A1"].font.bold


def test_csv_starts_with_a_byte_order_mark_for_excel():
    data = csv_bytes(["工单编号", "紧急"], [["WW-2026-000001", True]])
    assert data.startswith("\ufeff".encode())
    with translation.override("zh-hans"):
        text = csv_bytes(["紧急"], [[True], [False]]).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["是", "否"]


def test_sheet_titles_are_cut_to_excels_limit():
    assert len(sheet_title("很" * 40)) == 31
