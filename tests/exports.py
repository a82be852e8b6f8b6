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


def sheet_rows(content):
    """(workbook, rows as lists) of an XLSX file's bytes."""
    book = load_workbook(io.BytesIO(content))
    return book, [list(row) for row in book.active.iter_rows(values_only=True)]


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
