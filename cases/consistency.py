"""Does each case's state agree with its transfers and callbacks? Read-only checks.

Each rule is one query returning the cases that break it; ``case_findings`` lists them.
The rules follow the transitions on ``Case``: a reopened case starts a new round with
its resolution and callback fields cleared, callbacks are counted per round, and a case
merged into a main case is resolved and called back with it (no callback of its own).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import ContactResult, State
from .models import Callback, Case, CaseEvent, StageAlert, StageClock

OPEN = (State.REGISTERED, State.TRANSFERRED)


@dataclass(frozen=True)
class Finding:
    number: str
    problem: str

    def __str__(self):
        return f"{self.number}: {self.problem}"


def _this_round(**filters):
    return Exists(Callback.objects.filter(case=OuterRef("pk"), round=OuterRef("round"), **filters))


RULES = {
    _(
        "transferred, but its current transfer is missing, returned, another case's or "
        "to another department"
    ): Q(state=State.TRANSFERRED)
    & (
        Q(current_transfer__isnull=True)
        | Q(current_transfer__returned_at__isnull=False)
        | ~Q(current_transfer__case=F("pk"))
        | ~Q(current_transfer__to_department=F("current_department"))
    ),
    _("registered, but its current transfer was neither returned nor cleared"): Q(
        state=State.REGISTERED,
        current_transfer__isnull=False,
        current_transfer__returned_at__isnull=True,
    ),
    _("open, but marked resolved or called back"): Q(state__in=OPEN)
    & (Q(resolved_at__isnull=False) | Q(called_back_at__isnull=False)),
    _("resolved, but without a resolution time or outcome"): Q(
        state__in=(State.RESOLVED, State.CALLED_BACK)
    )
    & (Q(resolved_at__isnull=True) | Q(outcome="")),
    _("not called back, but a callback of this round reached the person"): ~Q(
        state=State.CALLED_BACK
    )
    & _this_round(contact_result=ContactResult.REACHED),
    _("called back, but without a callback of this round"): Q(
        state=State.CALLED_BACK, merged_into__isnull=True
    )
    & (Q(called_back_at__isnull=True) | ~_this_round()),
}


def case_findings(cases=None) -> Iterator[Finding]:
    cases = Case.objects.all() if cases is None else cases
    for problem, breaks in RULES.items():
        for number in cases.filter(breaks).order_by("number").values_list("number", flat=True):
            yield Finding(number, str(problem))


def orphans(rows, field, target) -> Iterator[tuple[int, int]]:
    """(pk, value) of the rows whose ``field`` names no row of ``target``: for the foreign
    keys the database does not check."""
    missing = ~Exists(target.objects.filter(pk=OuterRef(field)))
    rows = rows.filter(missing, **{f"{field}__isnull": False})
    return rows.order_by("pk").values_list("pk", field)


def orphan_findings(since) -> Iterator[Finding]:
    """Timeline lines and deadline alerts written since ``since`` whose case or stage clock
    does not exist. The database does not check these foreign keys (the sweep writes too
    many rows at once: see ``CaseEvent.case`` and ``StageAlert.clock``), so this does;
    bounded by time, it reads the recent partitions only."""
    for pk, case_id in orphans(CaseEvent.objects.filter(at__gte=since), "case_id", Case):
        problem = _("timeline line %(pk)s: its case is missing") % {"pk": pk}
        yield Finding(f"#{case_id}", str(problem))
    alerts = StageAlert.objects.filter(recorded_at__gte=since)
    for pk, clock_id in orphans(alerts, "clock_id", StageClock):
        yield Finding(
            f"#{clock_id}", str(_("deadline alert %(pk)s: its stage clock is missing") % {"pk": pk})
        )
