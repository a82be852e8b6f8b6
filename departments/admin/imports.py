"""The admin's spreadsheet import (dry run, preview, all or nothing) for tables that also export.

``SpreadsheetImportExportMixin`` goes on the admin of every importable table; its resource
is a ``departments.spreadsheets.imports.TenantResource``. Files are read as
``departments.spreadsheets.sheet_reading``
describes (encodings, limits, the header row, formulas), not by the library's own readers.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.results import RowResult

from ..access import organisation_of
from ..spreadsheets.csv_reading import read_csv
from ..spreadsheets.sheet_reading import FileRefused
from ..spreadsheets.xlsx_reading import read_xlsx
from .exports import SpreadsheetExportMixin

logger = logging.getLogger(__name__)


class XLSXImport(base_formats.XLSX):
    #: The table's column headers, to find the header row below a title (set per admin).
    known_headers: frozenset[str] = frozenset()

    def create_dataset(self, in_stream):
        return read_xlsx(io.BytesIO(in_stream), self.known_headers)


class CSVImport(base_formats.CSV):
    known_headers: frozenset[str] = frozenset()

    # Kept as bytes: the encoding is found while reading (UTF-8, GBK…), not assumed.
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        return read_csv(io.BytesIO(in_stream), self.known_headers)


class ChineseImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("File")
        self.fields["format"].label = _("Format")
        self.fields["resource"].label = _("Table")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _(
                    "The file is %(size)s; at most %(limit)s can be imported at once. Split it "
                    "into smaller files."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload


class SpreadsheetImportExportMixin(ImportMixin, SpreadsheetExportMixin):
    import_formats = (XLSXImport, CSVImport)
    import_form_class = ChineseImportForm
    import_template_name = "admin/import_export/import.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    # What is exported here is edited and imported back: the header stays the first row.
    export_with_heading = False

    def get_import_formats(self):
        # Each format knows the table's headers (in the language of the request).
        headers = frozenset(self.import_headers())
        return [
            type(format_.__name__, (format_,), {"known_headers": headers})
            for format_ in self.import_formats
        ]

    def import_headers(self):
        resource = self.get_import_resource_classes(None)[0]()
        return [str(field.column_name) for field in resource.get_import_fields()]

    def write_to_tmp_storage(self, import_file, input_format):
        # The library adds the chunks up one at a time, copying the whole file for each.
        storage = self.get_tmp_storage_class()(
            encoding=None,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        storage.save(b"".join(import_file.chunks()))
        return storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
            return
        logger.warning("An uploaded file could not be read", exc_info=e)
        form.add_error(
            "import_file",
            _(
                "The file cannot be read: check that it is an XLSX or CSV file and that the "
                "format chosen matches it."
            ),
        )

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
