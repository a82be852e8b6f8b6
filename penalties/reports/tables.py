"""The notice and the red and black list as titled tables: one source for the page,
the XLSX workbook (a sheet per table) and the PDF."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.spreadsheets import Percent

from . import selectors


@dataclass
class Table:
    title: str
    headers: list
    rows: list


def _rate(value):
    # Printed "87.50%" or "—"; a number with a % format in XLSX.
    return Percent(value)


def rank_text(row):
    """The rank, or 不参评 for a row below the minimum volume."""
    return row.rank if row.rank is not None else _("Not ranked")


def offence_text(violations) -> str:
    """The violations of a black-listed staff member: 服务态度（2026-12-05）、…"""
    return "、".join(
        _("%(kind)s (%(date)s)")
        % {"kind": v.get_kind_display(), "date": _local_date(v.substantiated_at).isoformat()}
        for v in violations
    )


def ranking_table(title, rows, *, with_staff=False, offences=None):
    """A ranking; with ``offences`` (a Ranking), a column naming each row's violations."""
    headers = [_("Rank")]
    headers += [_("Staff member"), _("Department")] if with_staff else [_("Department")]
    headers += [
        _("Cases handled"),
        _("Score"),
        _("On-time resolution rate"),
        _("Resolution rate"),
        _("Satisfaction rate"),
        _("Callback rate"),
        _("Return rate"),
        _("Substantiated violations"),
        _("Commendations"),
        _("Bottom place"),
    ]
    if offences is not None:
        headers.append(_("Violations of the period"))
    body = []
    for row in rows:
        subject = [row.staff.name, str(row.department)] if with_staff else [str(row.department)]
        cells = [
            rank_text(row),
            *subject,
            row.handled,
            row.score,
            _rate(row.on_time_resolution_rate),
            _rate(row.resolution_rate),
            _rate(row.satisfaction_rate),
            _rate(row.callback_rate),
            _rate(row.return_rate),
            row.violations,
            row.commendations,
            _("yes") if row.is_bottom else "",
        ]
        if offences is not None:
            cells.append(offence_text(offences.offences_of(row)))
        body.append(cells)
    return Table(title, headers, body)


def unranked_table(ranking):
    """Departments and staff not ranked (不参评) for handling too few cases: every such
    department, and the staff who handled at least one case (a posted list does not name
    everyone who had nothing to do)."""
    return Table(
        _("Not ranked: fewer than %(count)s cases handled")
        % {"count": max(ranking.minimum_volume, 1)},
        [_("Department"), _("Staff member"), _("Cases handled")],
        [
            [str(row.department), row.staff.name if row.staff_id else "", row.handled]
            for row in ranking.unranked_departments
            + [row for row in ranking.unranked_staff if row.handled]
        ],
    )


def _local_date(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def penalties_table(penalties):
    return Table(
        _("Penalties"),
        [
            _("Date"),
            _("Staff member"),
            _("Department"),
            _("Sanction"),
            _("Amount"),
            _("Up to"),
            _("Violation"),
        ],
        [
            [
                _local_date(p.at),
                p.staff.name if p.staff_id else "",
                str(p.department),
                *p.sanction_parts(),
                p.violation.get_kind_display(),
            ]
            for p in penalties
        ],
    )


def commendations_table(commendations):
    return Table(
        _("Commendations"),
        [_("Date"), _("Staff member"), _("Department"), _("Source"), _("Reason")],
        [
            [
                _local_date(c.at),
                c.staff.name if c.staff_id else "",
                str(c.department),
                c.get_source_display(),
                c.reason,
            ]
            for c in commendations
        ],
    )


def violations_table(violations):
    return Table(
        _("Substantiated violations"),
        [_("Date"), _("Staff member"), _("Department"), _("Kind")],
        [
            [_local_date(v.substantiated_at), v.staff.name, str(v.department), v.get_kind_display()]
            for v in violations
        ],
    )


def notice_tables(organisation, ranking) -> list[Table]:
    period = ranking.period
    return [
        ranking_table(_("Ranking of departments"), ranking.departments),
        ranking_table(_("Best departments"), ranking.best_departments),
        ranking_table(_("Bottom departments"), ranking.worst_departments),
        penalties_table(selectors.period_penalties(organisation, period)),
        commendations_table(selectors.period_commendations(organisation, period)),
    ]


def red_black_tables(organisation, ranking) -> list[Table]:
    period = ranking.period
    return [
        ranking_table(_("Red list: departments"), ranking.best_departments),
        ranking_table(_("Red list: staff"), ranking.best_staff, with_staff=True),
        ranking_table(_("Black list: departments"), ranking.worst_departments),
        ranking_table(
            _("Black list: staff"), ranking.worst_staff, with_staff=True, offences=ranking
        ),
        unranked_table(ranking),
        commendations_table(selectors.period_commendations(organisation, period)),
        violations_table(selectors.period_violations(organisation, period)),
    ]
