"""The admin's spreadsheet export: XLSX and CSV only, Chinese column picker, big lists async.

Every exporting admin uses ``SpreadsheetExportMixin`` (with resources built on
``firstask.resources.SpreadsheetResource``). The export is the list the user is looking at —
its filters, search and organisation scoping — and goes through the resource cell by cell,
so the masking of confidential data applies in one place.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from firstask.queue import enqueue_on_commit
from firstask.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, sheet_title

from . import exports
from .access import organisation_of
from .models import ExportJob
from .tasks import run_export

CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}


class ChineseFieldsExportForm(SelectableFieldsExportForm):
    """The column picker labelled with the columns' own (translated) headers only."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None else field_name

    def _init_formats(self, formats):
        super()._init_formats(formats)
        self.fields["format"].label = _("Format")
        self.fields["resource"].label = _("Table")


class SpreadsheetExportMixin(ExportMixin):
    export_formats = (base_formats.XLSX, base_formats.CSV)
    export_form_class = ChineseFieldsExportForm
    export_template_name = "admin/import_export/export.html"

    def get_export_formats(self):
        return list(self.export_formats)

    # --- what is exported --------------------------------------------------------
    def export_resource(self, request):
        resource_class = self.get_export_resource_classes(request)[0]
        return resource_class(**self.get_export_resource_kwargs(request))

    def export_title(self) -> str:
        return sheet_title(self.model._meta.verbose_name_plural)

    def export_filename(self, file_format: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{self.model._meta.verbose_name_plural}-{stamp}.{file_format}"

    # --- how -----------------------------------------------------------------------
    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        extension = file_format.get_extension()
        fields = self.get_export_resource_fields_from_form(export_form)
        rows = queryset.count()
        if rows > exports.inline_limit():
            return self._queue_export(request, extension, fields, rows)
        resource = self.export_resource(request)
        buffer = io.BytesIO()
        exports.write_sheet(
            buffer,
            extension,
            self.export_title(),
            resource.get_export_headers(selected_fields=fields),
            exports.export_rows(resource, queryset, fields),
        )
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = content_disposition_header(
            True, self.export_filename(extension)
        )
        return response

    def _queue_export(self, request, extension, fields, rows):
        query = request.GET.copy()
        query.pop("_changelist_filters", None)
        job = ExportJob.objects.create(
            organisation=organisation_of(request.user),
            user=request.user,
            model=self.model._meta.label_lower,
            query=query.urlencode(),
            fields=list(fields or []),
            file_format=extension,
            rows_total=rows,
        )
        enqueue_on_commit(run_export, str(job.pk))
        messages.info(
            request,
            _(
                "The list is large; it is being written in the background. This page shows its "
                "progress and the download link when it is ready."
            ),
        )
        return HttpResponseRedirect(reverse("export_job", args=[job.pk]))
