"""The one place firstask relies on a private method of django-import-export: the export
admin replaces ExportMixin._do_file_export (to write our sheets and to queue long lists).
Pinned here, so a library upgrade that renames or stops calling it fails loudly."""

import inspect

from import_export.admin import ExportMixin
from import_export.formats import base_formats

from cases.resources import CaseResource
from departments.admin.exports import ChineseFieldsExportForm, SpreadsheetExportMixin


def test_the_library_still_exports_through_the_method_the_admin_replaces():
    source = inspect.getsource(ExportMixin.export_action)
    assert "self._do_file_export(" in source
    library = inspect.signature(ExportMixin._do_file_export)
    ours = inspect.signature(SpreadsheetExportMixin._do_file_export)
    assert list(library.parameters) == list(ours.parameters)


def test_the_column_picker_is_labelled_with_the_translated_column_headers():
    form = ChineseFieldsExportForm([base_formats.XLSX, base_formats.CSV], [CaseResource])
    resource = CaseResource()
    labels = {
        str(resource.fields[name].column_name): form.fields[
            form.create_boolean_field_name(CaseResource, name)
        ].label
        for name in resource.get_export_order()
    }
    assert labels and all(header == label for header, label in labels.items())
    assert str(form.fields["format"].label) in {"Format", "格式"}
