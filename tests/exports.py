"""Exporting through the admin's export view, as a person would."""

import io
import re

from django.urls import reverse
from openpyxl import Workbook, load_workbook


def export(client, admin_name, file_format="xlsx", query="", columns=None):
    """POST the export form of ``admin:<admin_name>_export``; every column unless told."""
    url = reverse(f"admin:{admin_name}_export") + (f"?{query}" if query else "")
    form = client.get(url).context["form"]
    data = {"resource": "0", "format": "0" if file_format == "xlsx" else "1"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False):
            column = name.split("_", 1)[1]
            if columns is None or column in columns:
                data[name] = "on"
    return client.post(url, data)


def header_row(sheet):
    """The number of the header row: the last of the rows frozen at the top (the title and
    filter lines of an export sit above it)."""
    return int(re.sub(r"\D", "", sheet.freeze_panes)) - 1 if sheet.freeze_panes else 1


def sheet_rows(content):
    """(workbook, rows as lists from the header down) of an XLSX file's bytes."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    rows = sheet.iter_rows(min_row=header_row(sheet), values_only=True)
    return book, [list(row) for row in rows]


def heading(content):
    """The lines above the header of an XLSX file's bytes."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [sheet.cell(row, 1).value for row in range(1, header_row(sheet))]


def cells(content):
    return [cell for row in sheet_rows(content)[1] for cell in row]


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


def check(client, admin_name, upload, file_format="xlsx"):
    """The dry run: the page with the preview or the errors."""
    return client.post(
        reverse(f"admin:{admin_name}_import"),
        {"import_file": upload, "format": "0" if file_format == "xlsx" else "1", "resource": "0"},
    )


def confirm(client, admin_name, checked):
    form = checked.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(f"admin:{admin_name}_process_import"), data)


def errors_of(response):
    """The error lists of the page, as text."""
    page = response.content.decode()
    opening = r'<ul class="errorlist[^"]*"[^>]*>'
    lists = re.findall(rf"{opening}(.*?)</ul>\s*</td>|{opening}(.*?)</ul>", page, re.S)
    text = " ".join(part for pair in lists for part in pair)
    return re.sub(r"<[^>]+>", "", text)
