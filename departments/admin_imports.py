"""The admin's spreadsheet import (dry run, preview, all or nothing) for tables that also export.

``SpreadsheetImportExportMixin`` goes on the admin of every importable table; its resource
is a ``departments.imports.TenantResource``.
"""

from __future__ import annotations

import io

import openpyxl
import tablib
from django.contrib import messages
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.results import RowResult

from .access import organisation_of
from .admin_exports import SpreadsheetExportMixin


class XLSXWithFormulas(base_formats.XLSX):
    """Reads the first sheet with formulas as typed (``=…``), so they can be refused; the
    library reads their cached results instead, which hides them."""

    def create_dataset(self, in_stream):
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        rows = book.active.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        headers = list(next(rows, None) or [])
        while headers and headers[-1] is None:
            headers.pop()
        dataset.headers = headers
        for row in rows:
            values = list(row)[: len(headers)]
            if all(value in (None, "") for value in values):
                continue  # Excel keeps formatted empty rows at the end of many sheets
            dataset.append(values + [None] * (len(headers) - len(values)))
        return dataset


class ChineseImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("File")
        self.fields["format"].label = _("Format")
        self.fields["resource"].label = _("Table")


class SpreadsheetImportExportMixin(ImportMixin, SpreadsheetExportMixin):
    import_formats = (XLSXWithFormulas, base_formats.CSV)
    import_form_class = ChineseImportForm
    import_template_name = "admin/import_export/import.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    # What is exported here is edited and imported back: the header stays the first row.
    export_with_heading = False

    def get_import_formats(self):
        return list(self.import_formats)

    def has_import_permission(self, request):
        # Rows go into the importer's organisation, so only its own staff import.
        return (
            organisation_of(request.user) is not None
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"organisation": organisation_of(request.user), "user": request.user}

    def get_import_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]()
        labels = {name: str(field.column_name) for name, field in resource.fields.items()}
        labels.update(getattr(resource, "error_labels", lambda: {})())
        labels["__all__"] = _("Row")
        return {"column_labels": labels}

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Imported %(table)s: %(new)s new, %(update)s changed, %(skip)s unchanged.")
            % {
                "table": self.model._meta.verbose_name_plural,
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
