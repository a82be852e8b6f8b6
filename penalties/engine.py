"""The rules engine: which ledger lines a staff member's substantiated violations call for.

Pure: it reads the violations and rule sets it is given and returns the wanted lines; the
ledger service compares them with the live ledger and writes the difference. So applying
twice wants the same lines twice and writes nothing the second time, and a revocation
simply leaves lines unwanted (and re-numbers the later offences).

Offences are counted per staff member in the order they happened (occurred_at), within the
counting window of the rule set that applied to each (calendar year by default): the
regulations count the offences of a year ("当年"), so a complaint made in December and
substantiated in January is an offence of December's year. Each rule says which earlier
offences it counts (every violation, or those of the same kind, optionally only about the
same case or repeating the same complaint, 重复投诉). Every rule whose kind and offence
range match applies; rules add up (a kind-specific rule and an "any violation" rule can
both apply to one offence).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .models import (
    CountingWindow,
    Liability,
    OffenceCount,
    PenaltyRule,
    Sanction,
    Violation,
)


@dataclass(frozen=True)
class Wanted:
    violation: Violation
    rule: PenaltyRule
    sanction: Sanction
    liability: str
    staff_id: int | None
    department_id: int
    offence_number: int
    year: int

    @property
    def key(self) -> tuple[int, int, str, int, int]:
        # The year is part of it: a line counted in another year than the offence's (as the
        # ledger did before offences were counted in the year they happened) is replaced.
        return (
            self.violation.pk,
            self.sanction.pk,
            self.liability,
            self.offence_number,
            self.year,
        )


def local_year(moment: dt.datetime, tz: ZoneInfo) -> int:
    return moment.astimezone(tz).year


def same_window(rule_set, earlier: dt.datetime, later: dt.datetime, tz: ZoneInfo) -> bool:
    """Whether an offence at ``earlier`` counts towards the number of one at ``later``."""
    if rule_set is not None and rule_set.counting_window == CountingWindow.ROLLING:
        return later - earlier < dt.timedelta(days=rule_set.rolling_days)
    return local_year(earlier, tz) == local_year(later, tz)


def thread(violation) -> int:
    """The complaint thread a violation belongs to: the first complaint it repeats, or
    itself (``repeat_of`` always names the first of the thread)."""
    return violation.repeat_of_id or violation.pk


def about_the_same(earlier, later) -> bool:
    """Whether two offences are about the same thing: the same case, or one complaint
    repeated (the same complainant again, or linked by staff as a repeat)."""
    same_case = later.case_id is not None and earlier.case_id == later.case_id
    return same_case or thread(earlier) == thread(later)


@dataclass(frozen=True)
class Scope:
    """Which earlier offences number a violation: of any kind or the same kind, about any
    case or the same one (or the same repeated complaint)."""

    same_kind: bool = False
    same_case: bool = False

    def groups(self, earlier, later) -> bool:
        kind_fits = not self.same_kind or earlier.kind == later.kind
        case_fits = not self.same_case or about_the_same(earlier, later)
        return kind_fits and case_fits


EVERY_OFFENCE = Scope()


def scope_of(rule) -> Scope:
    return Scope(same_kind=rule.counts == OffenceCount.KIND, same_case=rule.same_case)


def offence_numbers(violations, tz: ZoneInfo, scope: Scope = EVERY_OFFENCE) -> dict[int, int]:
    """{violation pk: its offence number}; ``violations`` are the counted ones of one person."""
    ordered = sorted(violations, key=lambda v: (v.occurred_at, v.pk))
    numbers = {}
    for index, violation in enumerate(ordered):
        numbers[violation.pk] = 1 + sum(
            scope.groups(e, violation)
            and same_window(violation.rule_set, e.occurred_at, violation.occurred_at, tz)
            for e in ordered[:index]
        )
    return numbers


Numbering = Callable[..., "int | None"]


def numbering(violations, tz: ZoneInfo) -> Numbering:
    """``number(violation_pk, scope)``: offence numbers per scope, each computed once."""
    cache = {}

    def number(violation_pk: int, scope: Scope = EVERY_OFFENCE) -> int | None:
        if scope not in cache:
            cache[scope] = offence_numbers(violations, tz, scope)
        return cache[scope].get(violation_pk)

    return number


def liable(violation, liability):
    """(staff id, department id) that a sanction of this liability falls on, or None.

    Joint liability falls on the head and the leader in charge fixed at substantiation, and
    never on the person themselves (a head's own violation is not also their head's liability).
    """
    if liability == Liability.PERSON:
        return violation.staff_id, violation.department_id
    if liability == Liability.DEPARTMENT:
        return None, violation.department_id
    staff_id = (
        violation.liable_head_id if liability == Liability.HEAD else violation.liable_leader_id
    )
    if staff_id is None or staff_id == violation.staff_id:
        return None
    return staff_id, violation.department_id


class NothingImposed(enum.StrEnum):
    """Why the rules impose nothing for a substantiated violation."""

    NO_RULE_SET = "no_rule_set"  # no rule set was active when it was substantiated
    KIND_NOT_PRICED = "kind_not_priced"  # no rule of the set covers its kind
    OTHER_OFFENCES = "other_offences"  # rules of its kind apply to other offence numbers


def nothing_imposed(violation, rules, number) -> NothingImposed | None:
    """Why no rule of ``violation``'s rule set applies to it, or None when one does.

    ``rules`` are the rule set's (rule, sanctions) pairs, ``number`` a ``numbering`` of the
    person's counted violations.
    """
    if violation.rule_set is None:
        return NothingImposed.NO_RULE_SET
    of_its_kind = [
        rule for rule, _sanctions in rules if rule.violation_kind in ("", violation.kind)
    ]
    if not of_its_kind:
        return NothingImposed.KIND_NOT_PRICED
    if not any(
        rule.applies_to(violation.kind, number(violation.pk, scope_of(rule)))
        for rule in of_its_kind
    ):
        return NothingImposed.OTHER_OFFENCES
    return None


def wanted_lines(violations, rules_of, tz: ZoneInfo) -> dict[tuple, Wanted]:
    """Every ledger line the counted ``violations`` of one person call for, by key.

    ``rules_of(rule_set)`` gives the rule set's rules with their sanctions.
    """
    number_of = numbering(violations, tz)
    wanted = {}
    for violation in violations:
        if violation.rule_set is None:
            continue
        year = local_year(violation.occurred_at, tz)
        for rule, sanctions in rules_of(violation.rule_set):
            number = number_of(violation.pk, scope_of(rule))
            if not rule.applies_to(violation.kind, number):
                continue
            for sanction in sanctions:
                target = liable(violation, sanction.liability)
                if target is None:
                    continue
                line = Wanted(violation, rule, sanction, sanction.liability, *target, number, year)
                wanted[line.key] = line
    return wanted
