"""The body (正文) of the quarterly notice, written from the period's numbers.

Four parts under the headings of an official notice: the overall results (volume and the
rates against the previous quarter), the ranking (the best and the bottom departments),
the substantiated violations and the sanctions, and the commendations. A rate with
nothing to measure is left out, never written as 100 %.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .. import metrics
from ..models import Liability, SanctionKind, describe
from ..periods import Period

HEADING, PARAGRAPH = "heading", "paragraph"
# The rates the notice compares with the previous quarter, in the order it names them.
RATES = (
    ("resolution_rate", gettext_lazy("Resolution rate")),
    ("on_time_resolution_rate", gettext_lazy("On-time resolution rate")),
    ("callback_rate", gettext_lazy("Callback rate")),
    ("satisfaction_rate", gettext_lazy("Satisfaction rate")),
)


@dataclass
class Facts:
    organisation: str
    period: Period
    period_name: str  # 2026年第2季度
    first_day: str  # 2026年4月1日
    last_day: str  # 2026年6月30日
    current: metrics.Numbers  # the organisation's numbers in the period
    previous: metrics.Numbers  # ... in the previous period
    best: list  # ranking rows of the best departments
    worst: list  # ... of the bottom ones
    unranked: list  # ... of the departments not ranked (too few cases handled)
    minimum_volume: int  # the fewest cases handled to be ranked
    violations: object  # substantiated in the period, counted (selectors.ViolationCounts)
    penalties: list  # the period's sanctions counted by person (selectors.SanctionCount)
    commendations: object  # of the period, counted (selectors.CommendationCounts)


def semicolon() -> str:
    return pgettext("list separator", "; ")


def decimal_text(value: Decimal, places: int | None = None) -> str:
    """85.70 → "85.7", 100.00 → "100" (or exactly ``places`` decimals when given)."""
    if places is not None:
        return f"{value:.{places}f}"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def joined(items) -> str:
    return "、".join(items)


def blocks(facts: Facts) -> list[tuple[str, str]]:
    return [
        (
            PARAGRAPH,
            _(
                "To carry out the first-inquiry responsibility system and improve our service, "
                "%(organisation)s has assessed how the departments applied it in %(period)s "
                "(%(start)s to %(end)s). The results are as follows:"
            )
            % {
                "organisation": facts.organisation,
                "period": facts.period_name,
                "start": facts.first_day,
                "end": facts.last_day,
            },
        ),
        (HEADING, _("1. Overall results")),
        (PARAGRAPH, overall(facts.current, facts.previous)),
        (HEADING, _("2. Ranking")),
        (PARAGRAPH, ranking(facts.best, facts.worst, facts.unranked, facts.minimum_volume)),
        (HEADING, _("3. Violations and sanctions")),
        *[(PARAGRAPH, text) for text in violations(facts.violations, facts.penalties)],
        (HEADING, _("4. Commendations")),
        (PARAGRAPH, commendations(facts.commendations)),
        (
            PARAGRAPH,
            _(
                "The departments and staff commended should keep up their good work; those "
                "named in this notice should find the causes and put things right. Every "
                "department should apply the first-inquiry responsibility system strictly "
                "and keep improving its service."
            ),
        ),
    ]


def overall(current: metrics.Numbers, previous: metrics.Numbers) -> str:
    text = _(
        "In the quarter %(registered)s cases were registered, %(transferred)s transferred "
        "and %(resolved)s resolved"
    ) % {
        "registered": current.registered,
        "transferred": current.transferred,
        "resolved": current.resolved,
    }
    if previous.registered:
        text += _(" (previous quarter: %(registered)s registered)") % {
            "registered": previous.registered
        }
    rates = [
        rate_text(str(label), getattr(current, name), getattr(previous, name))
        for name, label in RATES
    ]
    rates = [text for text in rates if text]
    if rates:
        return _("%(volume)s; %(rates)s.") % {"volume": text, "rates": semicolon().join(rates)}
    return _("%(volume)s; there was nothing to measure a rate on.") % {"volume": text}


def rate_text(label: str, value, previous) -> str:
    """办结率85.71%，较上季度上升5.71个百分点; empty when there was nothing to measure."""
    if value is None:
        return ""
    text = _("%(rate_name)s %(rate)s%%") % {"rate_name": label, "rate": decimal_text(value)}
    if previous is None:
        return text
    points = {"points": decimal_text(abs(value - previous))}
    if value > previous:
        return text + _(", up %(points)s percentage points on the previous quarter") % points
    if value < previous:
        return text + _(", down %(points)s percentage points on the previous quarter") % points
    return text + _(", the same as in the previous quarter")


def _scored(rows) -> str:
    return joined(
        _("%(department)s (%(score)s points)")
        % {"department": row.department, "score": decimal_text(row.score, places=2)}
        for row in rows
    )


def ranking(best, worst, unranked=(), minimum_volume=0) -> str:
    """The best and the bottom departments among those ranked, then those not ranked."""
    if best:
        text = _("The best departments of the quarter are %(departments)s.") % {
            "departments": _scored(best)
        }
    else:
        text = _("No department qualified as a best department this quarter.")
    if worst:
        text += _(
            " %(departments)s took the bottom places: they are to find the causes and put "
            "things right within a set time."
        ) % {"departments": _scored(worst)}
    else:
        text += _(" No department took a bottom place.")
    if unranked:
        text += _(
            " %(departments)s handled fewer than %(count)s cases in the quarter and were not "
            "ranked."
        ) % {
            "departments": joined(str(row.department) for row in unranked),
            "count": max(minimum_volume, 1),
        }
    return text + _(" The scores and ranks of all departments are in the attachment.")


def sanction_text(line) -> str:
    """A sanction in a sentence: 罚款50元, 扣减年度绩效奖金20%, 通报批评."""
    amount = None
    if line.amount_min is not None:
        amount = decimal_text(line.amount_min)
        if line.amount_max is not None and line.amount_max != line.amount_min:
            amount = f"{amount}–{decimal_text(line.amount_max)}"
    phrases = {
        SanctionKind.FINE: _("a fine of %(amount)s yuan"),
        SanctionKind.BONUS_DEDUCTION: _("%(amount)s%% of the annual bonus deducted"),
        SanctionKind.BONUS_MONTHS: _("%(amount)s months of performance bonus withheld"),
    }
    if amount is not None and line.sanction_kind in phrases:
        return phrases[line.sanction_kind] % {"amount": amount}
    return describe(line.sanction_kind, None, None, line.rating_cap)


def _who(record) -> str:
    """A commendation's staff member with the department, or the department."""
    return _named(record.staff.name if record.staff_id else None, str(record.department))


def _named(staff_name: str | None, department_name: str) -> str:
    """周杰（社会事务科）, or the department alone."""
    if staff_name:
        return _("%(name)s (%(department)s)") % {"name": staff_name, "department": department_name}
    return department_name


def violations(found, penalties) -> list[str]:
    """``found``: the period's violations counted (``selectors.ViolationCounts``);
    ``penalties``: its sanctions counted by person (``selectors.SanctionCount``)."""
    if found:
        text = _(
            "%(count)s violations were substantiated in the quarter (%(kinds)s), concerning "
            "%(people)s staff members."
        ) % {
            "count": found.count,
            "kinds": joined(
                _("%(kind)s: %(count)s") % {"kind": kind, "count": count}
                for kind, count in found.kinds
            ),
            "people": found.people,
        }
    else:
        text = _("No violation was substantiated in the quarter.")
    if not penalties:
        return [text + _(" No one was held responsible.")]
    # The people responsible first, then those answering for them (连带责任).
    order = list(Liability.values)
    by_whom = {}
    for line in sorted(penalties, key=lambda line: order.index(line.liability)):
        sanction = sanction_text(line)
        # A rating cap is a state, not a sum: said once however often it was imposed.
        if line.times > 1 and line.sanction_kind != SanctionKind.RATING_CAP:
            sanction = _("%(sanction)s (%(times)s times)") % {
                "sanction": sanction,
                "times": line.times,
            }
        by_whom.setdefault(_named(line.staff_name, line.department_name), []).append(sanction)
    text += _(" Under the accountability rules, the following were held responsible:")
    return [text] + [
        _("%(who)s: %(sanctions)s.")
        % {"who": who, "sanctions": pgettext("list separator", ", ").join(sanctions)}
        for who, sanctions in by_whom.items()
    ]


def commendations(found) -> str:
    """``found``: the period's commendations counted (``selectors.CommendationCounts``):
    each named when they are few, else counted with those commended most often."""
    if not found:
        return _("There were no commendations in the quarter.")
    if found.listed:
        named = [
            _("%(who)s, %(reason)s") % {"who": _who(c), "reason": c.reason} for c in found.listed
        ]
        return _("%(count)s commendations were given in the quarter: %(names)s.") % {
            "count": found.count,
            "names": semicolon().join(named),
        }
    return _(
        "%(count)s commendations were given in the quarter (%(sources)s), concerning "
        "%(people)s staff members and %(departments)s departments. Commended most often: "
        "%(names)s. The notice's spreadsheet lists every commendation."
    ) % {
        "count": found.count,
        "sources": joined(
            _("%(source)s: %(count)s times") % {"source": source, "count": count}
            for source, count in found.sources
        ),
        "people": found.people,
        "departments": found.departments,
        "names": semicolon().join(
            _("%(who)s, %(times)s times")
            % {"who": _named(row.staff_name, row.department_name), "times": row.times}
            for row in found.most
        ),
    }
