"""The rules engine: which ledger lines a staff member's substantiated violations call for.

Pure: it reads the violations and rule sets it is given and returns the wanted lines; the
ledger service compares them with the live ledger and writes the difference. So applying
twice wants the same lines twice and writes nothing the second time, and a revocation
simply leaves lines unwanted (and re-numbers the later offences).

Offences are counted per staff member in the order they were substantiated, within the
counting window of the rule set that applied to each (calendar year by default). Every
rule whose kind and offence range match applies; rules add up (a kind-specific rule and an
"any violation" rule can both apply to one offence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .models import CountingWindow, Liability


@dataclass(frozen=True)
class Wanted:
    violation: object
    rule: object
    sanction: object
    liability: str
    staff_id: int | None
    department_id: int
    offence_number: int
    year: int

    @property
    def key(self):
        return (self.violation.pk, self.sanction.pk, self.liability, self.offence_number)


def local_year(moment: dt.datetime, tz: ZoneInfo) -> int:
    return moment.astimezone(tz).year


def same_window(rule_set, earlier: dt.datetime, later: dt.datetime, tz: ZoneInfo) -> bool:
    """Whether an offence at ``earlier`` counts towards the number of one at ``later``."""
    if rule_set is not None and rule_set.counting_window == CountingWindow.ROLLING:
        return later - earlier < dt.timedelta(days=rule_set.rolling_days)
    return local_year(earlier, tz) == local_year(later, tz)


def offence_numbers(violations, tz: ZoneInfo) -> dict[int, int]:
    """{violation pk: its offence number}; ``violations`` are the counted ones of one person."""
    ordered = sorted(violations, key=lambda v: (v.substantiated_at, v.pk))
    numbers = {}
    for index, violation in enumerate(ordered):
        earlier = ordered[:index]
        numbers[violation.pk] = 1 + sum(
            same_window(violation.rule_set, e.substantiated_at, violation.substantiated_at, tz)
            for e in earlier
        )
    return numbers


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


def wanted_lines(violations, rules_of, tz: ZoneInfo) -> dict[tuple, Wanted]:
    """Every ledger line the counted ``violations`` of one person call for, by key.

    ``rules_of(rule_set)`` gives the rule set's rules with their sanctions.
    """
    numbers = offence_numbers(violations, tz)
    wanted = {}
    for violation in violations:
        if violation.rule_set is None:
            continue
        number = numbers[violation.pk]
        year = local_year(violation.substantiated_at, tz)
        for rule, sanctions in rules_of(violation.rule_set):
            if not rule.applies_to(violation.kind, number):
                continue
            for sanction in sanctions:
                target = liable(violation, sanction.liability)
                if target is None:
                    continue
                line = Wanted(violation, rule, sanction, sanction.liability, *target, number, year)
                wanted[line.key] = line
    return wanted
