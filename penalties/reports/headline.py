"""The dashboard's headline figures: 受理量, 办结率, 及时办结率, 满意率 and the work overdue
now, each beside the previous period of the same kind.

The period's numbers come from the metrics (``summary.subject_numbers``: the period's own
assessment snapshot once it has one), so the figures agree with the ranking and the
notice. A rate with nothing to measure is shown as "—" and is compared with nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ..numbers import Numbers
from ..periods import MONTH, QUARTER

NOT_MEASURED = "—"


@dataclass
class Figure:
    slug: str
    label: str
    value: int | Decimal | None
    is_rate: bool = False
    detail: str = ""
    # Against the previous period; None when either side has nothing to measure.
    change: int | Decimal | None = None
    # What the change is about when it is not the value itself.
    change_subject: str = ""
    # True: up is good, False: up is bad, None: neither (a volume).
    up_is_good: bool | None = True
    notes: list = field(default_factory=list)
    compared: str = ""  # "vs the previous month"

    @property
    def shown(self) -> str:
        if self.value is None:
            return NOT_MEASURED
        return f"{self.value}%" if self.is_rate else str(self.value)

    @property
    def arrow(self) -> str:
        if not self.change:
            return ""
        return "▲" if self.change > 0 else "▼"

    @property
    def tone(self) -> str:
        """good, bad or neutral: the colour of the change."""
        if not self.change or self.up_is_good is None:
            return "neutral"
        return "good" if (self.change > 0) == self.up_is_good else "bad"

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        if not self.change:
            return _("unchanged")
        size = abs(self.change)
        if self.is_rate:
            return _("%(arrow)s %(points)s points") % {"arrow": self.arrow, "points": size}
        return f"{self.arrow} {size}"

    @property
    def change_line(self) -> str:
        """E.g. "vs the previous month ▲ 2.50 points"; empty when nothing was measured."""
        if self.value is None:
            return ""
        if self.change is None:
            return _("%(compared)s: nothing to compare with") % {"compared": self.compared}
        values = {"compared": self.compared, "change": self.change_text}
        if self.change_subject:
            return _("%(subject)s, %(compared)s %(change)s") % {
                "subject": self.change_subject,
                **values,
            }
        return _("%(compared)s %(change)s") % values


def _difference(now, before):
    return None if now is None or before is None else now - before


def compared_with(period) -> str:
    """ "vs the previous month" (quarter, year) for ``period``'s kind."""
    if period.kind == MONTH:
        return _("vs the previous month")
    if period.kind == QUARTER:
        return _("vs the previous quarter")
    return _("vs the previous year")


def figures(
    period,
    numbers: Numbers,
    previous: Numbers,
    *,
    merged: int,
    overdue: int,
    late_callbacks: int,
    of_department: bool = False,
) -> list[Figure]:
    """The five headline figures of ``period`` (its ``numbers``) against the previous period.

    ``of_department``: the numbers are a department's (it received what its own staff
    registered as first-inquiry persons; it resolves what it holds);
    ``merged``: duplicates registered in the period and folded into another case;
    ``overdue``: open stages of unresolved cases past their deadline now; ``late_callbacks``:
    resolved cases whose callback is overdue now (shown apart, not as overdue work).
    """
    registered = Figure(
        "registered",
        _("Cases received"),
        numbers.registered,
        change=numbers.registered - previous.registered,
        up_is_good=None,
        detail=_("Registered by its staff as first inquiry, merged duplicates counted once.")
        if of_department
        else _("Registered in the period, merged duplicates counted once."),
    )
    if merged:
        registered.notes.append(merged_note(merged))
    rates = [
        _rate_figure(slug, label, name, numbers, previous, detail)
        for slug, label, name, detail in (
            (
                "resolution",
                _("Resolution rate"),
                "resolution_rate",
                _("%(part)s of %(whole)s cases resolved")
                % {"part": numbers.done, "whole": numbers.to_resolve},
            ),
            (
                "on-time",
                _("On-time resolution rate"),
                "on_time_resolution_rate",
                _("%(part)s of %(whole)s resolutions in time")
                % {"part": numbers.resolve_on_time, "whole": numbers.resolve_due},
            ),
            (
                "satisfaction",
                _("Satisfaction rate"),
                "satisfaction_rate",
                _("%(count)s rated callbacks") % {"count": numbers.rated},
            ),
        )
    ]
    late = numbers.late_before_callback
    overdue_now = Figure(
        "overdue",
        _("Overdue now"),
        overdue,
        detail=_("Open stages of unresolved cases past their deadline."),
        change=late - previous.late_before_callback,
        change_subject=_("%(count)s stages late in the period") % {"count": late},
        up_is_good=False,
    )
    if late_callbacks:
        overdue_now.notes.append(
            _("Besides: %(count)s resolved cases with an overdue callback (not counted here).")
            % {"count": late_callbacks}
        )
    found = [registered, *rates, overdue_now]
    for figure in found:
        figure.compared = compared_with(period)
    return found


def merged_note(count: int) -> str:
    return _("%(count)s more merged into other cases (并单), not counted twice.") % {"count": count}


def _rate_figure(slug, label, name, numbers, previous, detail) -> Figure:
    value = getattr(numbers, name)
    return Figure(
        slug,
        label,
        value,
        is_rate=True,
        change=_difference(value, getattr(previous, name)),
        detail=detail if value is not None else _("Nothing to measure in this period."),
    )
