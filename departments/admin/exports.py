"""The admin's spreadsheet export: XLSX and CSV only, Chinese column picker, big lists async.

Every exporting admin uses ``SpreadsheetExportMixin`` (with resources built on
``firstask.resources.SpreadsheetResource``). The export is the list the user is looking at —
its filters, search and organisation scoping — and goes through the resource cell by cell,
so the masking of confidential data applies in one place. Above the header an XLSX export
says what it is: the table, the organisation, the day it was written, and the filters and
search of the list (``export_heading``).
"""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.admin.filters import DateFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
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

from ..access import organisation_of
from ..models import ExportJob
from ..spreadsheets import exports

CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}


# Enqueued by name through the outbox (the task imports this side, never the reverse).
RUN_EXPORT = "departments.tasks.run_export"


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

    #: Whether an XLSX export has the title and filter lines above its header; a table that
    #: is imported back has none, so that its header is the first row.
    export_with_heading = True

    def export_heading(self, request) -> list[str]:
        """The lines above the header of an XLSX export of the list ``request`` shows."""
        if not self.export_with_heading:
            return []
        organisation = organisation_of(request.user)
        title = [
            _("%(table)s export") % {"table": self.model._meta.verbose_name_plural},
            organisation.name if organisation is not None else "",
            _("exported on %(date)s") % {"date": timezone.localdate().isoformat()},
        ]
        return [" · ".join(part for part in title if part), self.export_filters(request)]

    def export_filters(self, request) -> str:
        """The list's filters, date drill-down and search in words, as the sidebar shows them."""
        # The list as the admin builds it (a count and a lazy page: cheap next to the export).
        changelist = self.get_changelist_instance(request)
        parts = []
        for spec in changelist.filter_specs:
            if not set(spec.expected_parameters()) & set(request.GET):
                continue
            value = "、".join(
                str(choice["display"]) for choice in spec.choices(changelist) if choice["selected"]
            )
            if isinstance(spec, DateFieldListFilter):
                value += _date_range(request.GET, spec.lookup_kwarg_since, spec.lookup_kwarg_until)
            if not value:  # a value typed into the address, no choice of the sidebar
                value = "、".join(
                    request.GET[p] for p in spec.expected_parameters() if p in request.GET
                )
            parts.append(_("%(filter)s: %(value)s") % {"filter": spec.title, "value": value})
        hierarchy = self.date_hierarchy
        if hierarchy and f"{hierarchy}__year" in request.GET:
            field = get_fields_from_path(self.model, hierarchy)[-1]
            year, *rest = (
                request.GET.get(f"{hierarchy}__{p}", "") for p in ("year", "month", "day")
            )
            day = "-".join([year, *(f"{int(v):02}" for v in rest if v.isdigit())])
            parts.append(_("%(filter)s: %(value)s") % {"filter": field.verbose_name, "value": day})
        if changelist.query:
            parts.append(_("search “%(query)s”") % {"query": changelist.query})
        if not parts:
            return _("All rows, no filter.")
        return _("Filters: %(filters)s") % {"filters": "；".join(parts)}

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
            heading=self.export_heading(_list_request(request)) if extension == "xlsx" else [],
        )
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = content_disposition_header(
            True, self.export_filename(extension)
        )
        return response

    def _queue_export(self, request, extension, fields, rows):
        job = ExportJob.objects.create(
            organisation=organisation_of(request.user),
            user=request.user,
            model=self.model._meta.label_lower,
            query=list_query(request),
            fields=list(fields or []),
            file_format=extension,
            rows_total=rows,
        )
        enqueue_on_commit(RUN_EXPORT, str(job.pk))
        messages.info(
            request,
            _(
                "The list is large; it is being written in the background. This page shows its "
                "progress and the download link when it is ready."
            ),
        )
        return HttpResponseRedirect(reverse("export_job", args=[job.pk]))


def list_query(request) -> str:
    """The query of the admin list an export was asked from."""
    query = request.GET.copy()
    # Django adds it to links back to a filtered list; it is not a filter of this one.
    query.pop("_changelist_filters", None)
    return query.urlencode()


def _list_request(request):
    """``request`` as the admin list would read it. The request itself when it can be: the
    list reports a search it refuses as a message, which a stand-in request cannot take."""
    if "_changelist_filters" not in request.GET:
        return request
    return exports.request_for(request.user, list_query(request))


def _date_range(query, since: str, until: str) -> str:
    """ "（2026-12-01 – 2026-12-31）" for a date filter's bounds (the end is exclusive)."""
    try:
        first = datetime.date.fromisoformat(query[since][:10])
        end = datetime.date.fromisoformat(query[until][:10]) - datetime.timedelta(days=1)
    except (KeyError, ValueError):
        return ""
    return f"（{first.isoformat()} – {end.isoformat()}）"
