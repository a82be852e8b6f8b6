"""The quarterly notice (通报) as an official document (GB/T 9704-2012, 党政机关公文格式).

One structure, ``NoticeDocument``, feeds the page (reports/notice.html) and the PDF
(notice_pdf). A draft is built from the period's ranking each time it is read; publishing
stores the document as a snapshot (``to_snapshot``) on the Notice, and a published notice is
read back from that snapshot only (``from_snapshot``), so it never changes afterwards.

The document is an official Chinese text: it is written in the site's language
(settings.LANGUAGE_CODE), whatever the language of the person reading or publishing it.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import metrics
from ..metrics import daily
from ..models import AssessmentSettings, NoticeSettings
from ..periods import Period
from . import notice_narrative, selectors

SNAPSHOT_VERSION = 1
# The language of the document (an official Chinese text), not of its reader.
LANGUAGE = settings.LANGUAGE_CODE


@dataclass
class Block:
    kind: str  # notice_narrative.HEADING (一、…) or PARAGRAPH
    text: str


@dataclass
class DocumentTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class NoticeDocument:
    period: str  # the period's label, 2026Q2
    issuer: str  # 发文机关标志, printed in red
    reference: str  # 发文字号, empty in a draft
    title: str
    recipients: str  # 主送机关
    body: list[Block]
    attachments: list[DocumentTable]
    signatory: str  # 发文机关署名
    dated: dt.date  # 成文日期
    copy_to: str  # 抄送机关 (may be empty)
    printer: str  # 印发机关
    printed: dt.date  # 印发日期
    draft: bool = False
    notes: list[str] = field(default_factory=list)  # what a draft reader should know

    @property
    def title_text(self) -> str:
        """The title on one line (it is set on two in the document)."""
        return self.title.replace("\n", "")

    @property
    def dated_text(self) -> str:
        return chinese_date(self.dated)

    @property
    def printed_text(self) -> str:
        return chinese_date(self.printed)

    @property
    def attachment_note(self) -> list[str]:
        """附件说明: "1.title" per attachment when there are several, the title alone otherwise."""
        if len(self.attachments) == 1:
            return [self.attachments[0].title]
        return [f"{n}.{table.title}" for n, table in enumerate(self.attachments, start=1)]

    def to_snapshot(self) -> dict:
        data = asdict(self)
        data["dated"], data["printed"] = self.dated.isoformat(), self.printed.isoformat()
        return {"version": SNAPSHOT_VERSION, **data}

    @classmethod
    def from_snapshot(cls, data: dict) -> "NoticeDocument":
        data = {k: v for k, v in data.items() if k != "version"}
        return cls(
            **{
                **data,
                "body": [Block(**block) for block in data["body"]],
                "attachments": [DocumentTable(**table) for table in data["attachments"]],
                "dated": dt.date.fromisoformat(data["dated"]),
                "printed": dt.date.fromisoformat(data["printed"]),
            }
        )


def chinese_date(day: dt.date) -> str:
    """2026年7月3日: the year in full, month and day without a leading zero (GB/T 9704)."""
    return pgettext("date of a document", "%(month)s/%(day)s/%(year)s") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def reference(abbreviation: str, year: int, number: int) -> str:
    """发文字号: 机关代字〔2026〕3号 — the year in full in 六角括号, no 第, no leading zero."""
    return f"{abbreviation}〔{year}〕{number}号"


def percent(value) -> str:
    return "—" if value is None else f"{notice_narrative.decimal_text(value)}%"


def organisation_numbers(rows, formula) -> metrics.Numbers:
    """The organisation's numbers: the sum of its departments' rows (counts add up)."""
    total = metrics.Numbers(formula=formula)
    for row in rows:
        total.add(metrics.Numbers.from_counts(row.counts, formula))
    return total


def ranking_table(ranking, title) -> DocumentTable:
    best = {row.department_id for row in ranking.best_departments}
    worst = {row.department_id for row in ranking.worst_departments}
    headers = [
        _("Rank"),
        _("Department"),
        _("Score"),
        _("On-time resolution rate"),
        _("Resolution rate"),
        _("Callback rate"),
        _("Satisfaction rate"),
        _("Substantiated violations"),
        _("Commendations"),
        _("Remarks"),
    ]
    rows = []
    for row in ranking.departments:
        remark = ""
        if row.department_id in best:
            remark = _("Best department")
        elif row.department_id in worst:
            remark = _("Bottom place")
        elif row.rank is None:
            remark = _("Not ranked: %(count)s cases handled") % {"count": row.handled}
        rows.append(
            [
                "—" if row.rank is None else str(row.rank),
                str(row.department),
                "—" if row.score is None else notice_narrative.decimal_text(row.score, places=2),
                percent(row.on_time_resolution_rate),
                percent(row.resolution_rate),
                percent(row.callback_rate),
                percent(row.satisfaction_rate),
                str(row.violations),
                str(row.commendations),
                remark,
            ]
        )
    return DocumentTable(title, headers, rows)


def build(
    organisation,
    period: Period,
    *,
    dated: dt.date,
    reference_text: str = "",
    now: dt.datetime | None = None,
) -> NoticeDocument:
    """The notice of ``period`` from its ranking and ledger as they are now."""
    with translation.override(LANGUAGE):
        return _build(organisation, period, dated, reference_text, now or timezone.now())


def _build(organisation, period, dated, reference_text, now):
    heading = NoticeSettings.for_organisation(organisation)
    assessment = AssessmentSettings.for_organisation(organisation)
    formula = assessment.satisfaction_formula
    ranking = selectors.ranking(organisation, period, now=now, staff=False, settings=assessment)
    previous = selectors.ranking(
        organisation, period.previous(), now=now, staff=False, settings=assessment
    )
    period_name = selectors.period_title(period)
    attachment = ranking_table(
        ranking, _("Assessment ranking of the departments, %(period)s") % {"period": period_name}
    )
    facts = notice_narrative.Facts(
        organisation=organisation.name,
        period=period,
        period_name=period_name,
        first_day=chinese_date(period.start),
        last_day=chinese_date(period.last_day),
        current=organisation_numbers(ranking.departments, formula),
        previous=organisation_numbers(previous.departments, formula),
        best=ranking.best_departments,
        worst=ranking.worst_departments,
        unranked=ranking.unranked_departments,
        minimum_volume=ranking.minimum_volume,
        violations=selectors.period_violation_counts(organisation, period),
        penalties=selectors.period_sanction_counts(organisation, period),
        commendations=selectors.period_commendation_counts(organisation, period),
    )
    draft = not reference_text
    notes = []
    if draft and ranking.provisional:
        notes.append(
            _("The figures are provisional: the period has not been finally assessed yet.")
        )
    as_of = daily.counted_as_of()
    if draft and as_of is not None:
        notes.append(
            _("Days with recent activity as counted at %(at)s.")
            % {"at": timezone.localtime(as_of).strftime("%H:%M")}
        )
    return NoticeDocument(
        period=period.label,
        issuer=heading.issuer or organisation.name,
        reference=reference_text,
        # Two lines, each a whole phrase (GB/T 9704: 回行时词意完整、排列对称).
        title=_("Notice on the first-inquiry responsibility system\nin %(period)s")
        % {"period": period_name},
        recipients=heading.recipients,
        body=[Block(kind, text) for kind, text in notice_narrative.blocks(facts)],
        attachments=[attachment],
        signatory=organisation.name,
        dated=dated,
        copy_to=heading.copy_to,
        printer=heading.printer or organisation.name,
        printed=dated,
        draft=draft,
        notes=notes,
    )
