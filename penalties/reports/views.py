"""Report pages for supervisors, auditors and administrators of one organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.views.access import staff_required
from firstask.replica import reading_from_replica
from firstask.spreadsheets import XLSX_CONTENT_TYPE

from .. import permissions, services
from ..errors import ActionNotAllowed
from ..metrics import daily
from ..models import AssessmentPeriod
from ..periods import MONTH, QUARTER, parse_period
from . import downloads, notice_document, notice_pdf, pdf_layout, posted_list, selectors, tables
from .notice_document import NoticeDocument


def reader_organisation(request):
    if not permissions.may_read_reports(request.user):
        raise PermissionDenied
    return request.staff.organisation


def _period(label, kind):
    period = parse_period(label)
    if period is None or period.kind != kind:
        raise Http404
    return period


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx(organisation, ranking, title, content_tables, slug):
    filename = f"{slug}-{organisation.code}-{ranking.period.label}.xlsx"
    workbook = downloads.xlsx(content_tables, downloads.xlsx_heading(organisation, ranking, title))
    return _attachment(workbook, XLSX_CONTENT_TYPE, filename)


@staff_required
@reading_from_replica()
@daily.shared_reads()
def notice(request, label):
    """The quarterly notice (季度通报) as an official document: the published one as it was
    published, or before that a draft from the numbers as they are now."""
    organisation = reader_organisation(request)
    period = _period(label, QUARTER)
    wanted = request.GET.get("format", "")
    if wanted == "xlsx":
        ranking = selectors.ranking(organisation, period)
        content = tables.notice_tables(organisation, ranking)
        return _xlsx(organisation, ranking, _("Quarterly notice"), content, "notice")
    published = services.published_notice(organisation, period)
    if published is not None:
        document = NoticeDocument.from_snapshot(published.content)
    else:
        document = notice_document.build(organisation, period, dated=timezone.localdate())
    if wanted == "pdf":
        return _attachment(
            notice_pdf.render(document),
            "application/pdf",
            f"notice-{organisation.code}-{period.label}.pdf",
        )
    assessed = AssessmentPeriod.objects.filter(
        organisation=organisation, label=period.label, provisional=False
    ).exists()
    return render(
        request,
        "reports/notice.html",
        {
            "period": period,
            "document": document,
            "document_language": notice_document.LANGUAGE,
            "issuer_size": pdf_layout.issuer_size(document.issuer),
            "published": published,
            "may_publish": published is None
            and assessed
            and permissions.may_publish_notices(request.user),
        },
    )


@staff_required
@require_POST
def notice_publish(request, label):
    """A supervisor publishes the quarter's notice (POST from the notice page)."""
    organisation = reader_organisation(request)
    period = _period(label, QUARTER)
    if not permissions.may_publish_notices(request.user):
        raise PermissionDenied
    try:
        published = services.notice_publish(
            by=request.user, organisation=organisation, period=period
        )
    except ActionNotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The notice was published as %(reference)s.") % {"reference": published.reference},
        )
    return redirect("reports:notice", label=period.label)


@staff_required
@reading_from_replica()
def red_black(request, label):
    """The monthly red and black list (红黑榜), a sheet to post, printable on A4."""
    organisation = reader_organisation(request)
    ranking = selectors.ranking(organisation, _period(label, MONTH))
    content = tables.red_black_tables(organisation, ranking)
    wanted = request.GET.get("format", "")
    if wanted == "xlsx":
        return _xlsx(organisation, ranking, _("Red and black list"), content, "red-black")
    title = _("%(period)s red and black list") % {"period": selectors.period_title(ranking.period)}
    head = posted_list.header(organisation, ranking, title, timezone.localdate())
    if wanted == "pdf":
        filename = f"red-black-{organisation.code}-{ranking.period.label}.pdf"
        return _attachment(posted_list.pdf(head, content), "application/pdf", filename)
    return render(
        request,
        "reports/red_black.html",
        {"organisation": organisation, "head": head, "tables": content},
    )
