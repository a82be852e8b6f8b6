"""Report pages for supervisors, auditors and administrators of one organisation."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.views.access import staff_required
from firstask.spreadsheets import XLSX_CONTENT_TYPE

from .. import permissions
from ..periods import MONTH, QUARTER, parse_period
from . import downloads, selectors, tables


def reader_organisation(request):
    if not permissions.may_read_reports(request.user):
        raise PermissionDenied
    return request.staff.organisation


def _period(label, kind):
    period = parse_period(label)
    if period is None or period.kind != kind:
        raise Http404
    return period


def _report(request, organisation, ranking, title, content_tables, template, slug):
    subtitle = f"{organisation.name} · {selectors.period_title(ranking.period)}"
    wanted = request.GET.get("format", "")
    filename = f"{slug}-{organisation.code}-{ranking.period.label}"
    if wanted == "xlsx":
        workbook = downloads.xlsx(
            content_tables, downloads.xlsx_heading(organisation, ranking, title)
        )
        response = HttpResponse(workbook, XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if wanted == "pdf":
        response = HttpResponse(
            downloads.pdf(f"{organisation.name} {title}", subtitle, content_tables),
            "application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "ranking": ranking,
            "title": title,
            "period_title": selectors.period_title(ranking.period),
            "tables": content_tables,
            "printed_at": timezone.localtime(timezone.now()),
        },
    )


@staff_required
def notice(request, label):
    """The quarterly notice (季度通报), printable on A4."""
    organisation = reader_organisation(request)
    ranking = selectors.ranking(organisation, _period(label, QUARTER))
    content = tables.notice_tables(organisation, ranking)
    return _report(
        request,
        organisation,
        ranking,
        _("Quarterly notice"),
        content,
        "reports/notice.html",
        "notice",
    )


@staff_required
def red_black(request, label):
    """The monthly red and black list (红黑榜)."""
    organisation = reader_organisation(request)
    ranking = selectors.ranking(organisation, _period(label, MONTH))
    content = tables.red_black_tables(organisation, ranking)
    return _report(
        request,
        organisation,
        ranking,
        _("Red and black list"),
        content,
        "reports/red_black.html",
        "red-black",
    )
