"""Annual rating effects, derived from the live ledger (and rebuilt whenever it changes).

The rows are a materialised view: each rebuild reads the ledger, commendations and
violations of one staff member's (or department's) year and overwrites the row. The row
is locked while it is rebuilt, so two ledgers touching the same head at once queue up and
the second reads what the first committed.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department, Organisation, Staff

from .. import metrics
from ..models import (
    COUNTED_STATES,
    AnnualRating,
    Commendation,
    EscalationRule,
    Liability,
    Penalty,
    PenaltyRuleSet,
    RatingCap,
    RatingOutcome,
    SanctionKind,
    Violation,
)
from ..periods import year_of

HUNDRED = Decimal(100)
SEVERITY = {RatingOutcome.ELIGIBLE: 0, RatingOutcome.NOT_EXCELLENT: 1, RatingOutcome.INCOMPETENT: 2}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _worse(outcome: str, cap: str) -> str:
    cap = RatingOutcome(cap)
    return cap if SEVERITY[cap] > SEVERITY[RatingOutcome(outcome)] else outcome


def _amounts(lines: Iterable[Penalty], kind: str) -> tuple[Decimal, Decimal]:
    chosen = [line for line in lines if line.sanction_kind == kind]
    low = sum((line.amount_min or Decimal(0) for line in chosen), Decimal(0))
    high = sum((line.amount_max or line.amount_min or Decimal(0) for line in chosen), Decimal(0))
    return low, high


def _effects(lines: Sequence[Penalty], escalations: Iterable[EscalationRule]) -> dict[str, Any]:
    """Outcome, flags, totals and reasons from live ledger lines of one subject's year."""
    outcome: str = RatingOutcome.ELIGIBLE
    reasons: list[str] = []
    for line in sorted(lines, key=lambda line: (line.at, line.pk)):
        if line.sanction_kind == SanctionKind.RATING_CAP:
            outcome = _worse(outcome, line.rating_cap)
            reasons.append(
                _("Offence %(n)s (%(kind)s, %(date)s): %(effect)s")
                % {
                    "n": line.offence_number,
                    "kind": line.violation.get_kind_display(),
                    "date": timezone.localtime(
                        line.violation.occurred_at, timezone.get_default_timezone()
                    ).date(),
                    "effect": line.describe(),
                }
            )
    counts: defaultdict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.sanction_kind] += 1
    for rule in escalations:
        if counts[rule.sanction_kind] >= rule.threshold:
            outcome = _worse(outcome, rule.rating_cap)
            reasons.append(str(rule))
    kinds = set(counts)
    bonus, _high = _amounts(lines, SanctionKind.BONUS_DEDUCTION)
    return {
        "outcome": outcome,
        "removed_from_post": SanctionKind.REMOVAL_FROM_POST in kinds,
        "suspended_for_training": SanctionKind.SUSPENSION_FOR_TRAINING in kinds,
        # The regulations state each offence's deduction as a share of the same annual
        # bonus; together they can take at most all of it.
        "bonus_deduction_percent": min(bonus, HUNDRED),
        "fines_min": _amounts(lines, SanctionKind.FINE)[0],
        "fines_max": _amounts(lines, SanctionKind.FINE)[1],
        "bonus_months_min": _amounts(lines, SanctionKind.BONUS_MONTHS)[0],
        "bonus_months_max": _amounts(lines, SanctionKind.BONUS_MONTHS)[1],
        "penalties": len(lines),
        "reasons": reasons,
    }


def _escalations_for(lines: Iterable[Penalty]) -> list[EscalationRule]:
    rule_set_ids = {line.violation.rule_set_id for line in lines}
    return list(EscalationRule.objects.filter(rule_set__in=rule_set_ids))


def _store(lookup: dict[str, Any], values: dict[str, Any]) -> AnnualRating:
    """Create-or-overwrite the rating row under a row lock."""
    try:
        with transaction.atomic():
            AnnualRating.objects.get_or_create(**lookup, defaults=values)
    except IntegrityError:  # created by a concurrent rebuild a moment ago
        pass
    return AnnualRating.objects.select_for_update(no_key=True).get(**lookup)


@transaction.atomic
def rebuild_staff_rating(
    staff: Staff, year: int, *, now: dt.datetime | None = None
) -> AnnualRating:
    lookup = {"staff": staff, "year": year}
    base = {"organisation_id": staff.organisation_id, "department_id": staff.department_id}
    rating = _store(lookup, {**base, "computed_at": now or timezone.now()})
    lines = list(Penalty.objects.live().filter(staff=staff, year=year).select_related("violation"))
    effects = _effects(lines, _escalations_for(lines))
    start, end = year_bounds(year)
    # Offences count in the year they happened (当年), whenever they were substantiated.
    effects["violations"] = Violation.objects.filter(
        staff=staff, state__in=COUNTED_STATES, occurred_at__gte=start, occurred_at__lt=end
    ).count()
    effects["commendations"] = Commendation.objects.filter(staff=staff, year=year).count()
    return _save(rating, base, effects, now)


@transaction.atomic
def rebuild_department_rating(
    department: Department,
    year: int,
    *,
    bottom: dict[int, int] | None = None,
    now: dt.datetime | None = None,
) -> AnnualRating:
    lookup = {"department": department, "staff": None, "year": year}
    base = {"organisation_id": department.organisation_id}
    rating = _store(lookup, {**base, "computed_at": now or timezone.now()})
    own = list(
        Penalty.objects.live()
        .filter(department=department, year=year, liability=Liability.DEPARTMENT)
        .select_related("violation")
    )
    effects = _effects(own, ())
    if bottom is None:
        bottom = bottom_departments(department.organisation_id, year)
    if department.pk in bottom:
        effects["outcome"] = _worse(effects["outcome"], RatingCap.NOT_EXCELLENT)
        effects["reasons"].append(
            _("Among the %(n)s departments with the lowest resolution rate of the year.")
            % {"n": bottom[department.pk]}
        )
    start, end = year_bounds(year)
    effects["violations"] = Violation.objects.filter(
        department=department,
        state__in=COUNTED_STATES,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).count()
    effects["penalties"] = Penalty.objects.live().filter(department=department, year=year).count()
    effects["commendations"] = Commendation.objects.filter(
        department=department, staff__isnull=True, year=year
    ).count()
    return _save(rating, base, effects, now)


def _save(
    rating: AnnualRating, base: dict[str, Any], effects: dict[str, Any], now: dt.datetime | None
) -> AnnualRating:
    effects["reasons"] = "\n".join(effects["reasons"])
    for name, value in {**base, **effects}.items():
        setattr(rating, name, value)
    rating.computed_at = now or timezone.now()
    rating.save()
    return rating


def bottom_departments(organisation_id: int, year: int) -> dict[int, int]:
    """{department id: N} for the N departments with the lowest resolution rate (办结率) of
    the year, when the active rule set excludes the bottom N from the awards."""
    rule_set = PenaltyRuleSet.objects.filter(
        organisation_id=organisation_id, is_active=True
    ).first()
    if rule_set is None or not rule_set.bottom_units_excluded:
        return {}
    numbers = metrics.compute(organisation_id, year_of(dt.date(year, 1, 1)), metrics.DEPARTMENT)
    rows = [(n.resolution_rate, pk) for pk, n in numbers.items() if n.to_resolve]
    ranked = [pk for _rate, pk in sorted(rows)]
    n = rule_set.bottom_units_excluded
    return dict.fromkeys(ranked[:n], n)


def rebuild_for_lines(lines: Iterable[Penalty]) -> None:
    """Rebuild the ratings the given ledger lines count towards (staff first, by pk)."""
    staff_years = sorted({(line.staff_id, line.year) for line in lines if line.staff_id})
    department_years = sorted({(line.department_id, line.year) for line in lines})
    staff = Staff.objects.in_bulk([s for s, _y in staff_years])
    for staff_id, year in staff_years:
        rebuild_staff_rating(staff[staff_id], year)
    departments = Department.objects.in_bulk([d for d, _y in department_years])
    bottoms = {}
    for department_id, year in department_years:
        department = departments[department_id]
        key = (department.organisation_id, year)
        if key not in bottoms:
            bottoms[key] = bottom_departments(*key)
        rebuild_department_rating(department, year, bottom=bottoms[key])


def rebuild_year(organisation: Organisation, year: int, *, now: dt.datetime | None = None) -> None:
    """Every rating of an organisation's year (the year-end run, or on demand)."""
    start, end = year_bounds(year)
    staff_ids = (
        set(
            Penalty.objects.filter(organisation=organisation, year=year, staff__isnull=False)
            .values_list("staff", flat=True)
            .distinct()
        )
        | set(
            Violation.objects.filter(
                organisation=organisation, occurred_at__gte=start, occurred_at__lt=end
            ).values_list("staff", flat=True)
        )
        | set(
            Commendation.objects.filter(
                organisation=organisation, year=year, staff__isnull=False
            ).values_list("staff", flat=True)
        )
    )
    for staff in Staff.objects.filter(pk__in=staff_ids).order_by("pk"):
        rebuild_staff_rating(staff, year, now=now)
    bottom = bottom_departments(organisation.pk, year)
    for department in Department.objects.filter(organisation=organisation).order_by("pk"):
        rebuild_department_rating(department, year, bottom=bottom, now=now)
