"""The notice and the red and black list as XLSX (a sheet per table); their PDFs are
notice_pdf (the notice as an official document) and posted_list (the red and black list)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.xlsx import Workbook

from . import selectors
from .tables import Table


def xlsx(tables: list[Table], heading: list[str]) -> bytes:
    """A sheet per table, each with the report's ``heading`` lines (the organisation, the
    report and its period) above its header: the sheet rules of firstask.xlsx."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer)
    for table in tables:
        sheet = workbook.add_sheet(table.title, table.headers, heading)
        for row in table.rows:
            sheet.write_row(row)
    workbook.close()
    return buffer.getvalue()


def xlsx_heading(organisation, ranking, title: str) -> list[str]:
    """The title line and the period line of the report's sheets."""
    period = ranking.period
    status = ""
    if ranking.run is not None and ranking.run.provisional:
        at = timezone.localtime(ranking.run.computed_at).strftime("%Y-%m-%d %H:%M")
        status = _("Provisional: the period is still running (as of %(at)s).") % {"at": at}
    elif ranking.provisional:
        status = _("Provisional: this period has not been assessed yet.")
    dates = _("Period: %(start)s to %(end)s") % {
        "start": period.start.isoformat(),
        "end": period.last_day.isoformat(),
    }
    exported = _("exported on %(date)s") % {"date": timezone.localdate().isoformat()}
    return [
        f"{organisation.name} {selectors.period_title(period)} {title}",
        " · ".join(part for part in (dates, status, exported) if part),
    ]
