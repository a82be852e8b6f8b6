"""Writing the append-only penalty ledger from the rules engine's wanted lines."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.models import Organisation, Staff
from firstask.workflow import Login, save_with_user

from .. import engine
from ..models import (
    COUNTED_STATES,
    Penalty,
    PenaltyEntry,
    PenaltyRule,
    PenaltyRuleSet,
    Sanction,
    Violation,
)
from . import ratings

RulesOf = Callable[[PenaltyRuleSet], list[tuple[PenaltyRule, list[Sanction]]]]


def _rules_reader() -> RulesOf:
    cache: dict[int, list[tuple[PenaltyRule, list[Sanction]]]] = {}

    def rules_of(rule_set: PenaltyRuleSet) -> list[tuple[PenaltyRule, list[Sanction]]]:
        if rule_set.pk not in cache:
            rules = rule_set.rules.prefetch_related("sanctions").order_by("sort_order", "pk")
            cache[rule_set.pk] = [(rule, list(rule.sanctions.all())) for rule in rules]
        return cache[rule_set.pk]

    return rules_of


def active_rule_set(organisation: Organisation | int) -> PenaltyRuleSet | None:
    return PenaltyRuleSet.objects.filter(organisation=organisation, is_active=True).first()


@transaction.atomic
def reconcile_ledger(
    *, staff: Staff, at: datetime, user: Login | None = None
) -> tuple[list[Penalty], list[Penalty]]:
    """Bring the ledger of ``staff``'s violations in line with the rules; idempotent.

    Returns (imposed, revoked) lists of the lines written. Serialised per staff member by a
    row lock on the staff record, so two decisions about the same person (or a doubled
    sweep) count offences one after the other.
    """
    # FOR NO KEY UPDATE: it serialises ledgers of one person, yet lets rows that merely
    # refer to the staff member (a sweep's new violation) take FOR KEY SHARE at commit.
    Staff.objects.select_for_update(no_key=True).filter(pk=staff.pk).first()
    tz = timezone.get_default_timezone()
    counted = _counted(staff)
    wanted = engine.wanted_lines(counted, _rules_reader(), tz)
    live = {
        line.key: line
        for line in Penalty.objects.live()
        .filter(violation__staff=staff)
        .select_related("violation", "rule")
    }
    number_of = engine.numbering(counted, tz)
    revoked = [
        _revoke(line, _revocation_reason(line, number_of, tz), at, user)
        for key, line in live.items()
        if key not in wanted
    ]
    recounted = {line.violation_id for line in revoked if number_of(line.violation_id)}
    imposed = [
        _impose(line, at, user, recounted=line.violation.pk in recounted)
        for key, line in wanted.items()
        if key not in live
    ]
    if imposed or revoked:
        ratings.rebuild_for_lines([*imposed, *revoked])
    return imposed, revoked


def _counted(staff: Staff | int | None) -> list[Violation]:
    """The person's violations that count as offences (substantiated, not revoked)."""
    return list(
        Violation.objects.filter(
            staff=staff, substantiated_at__isnull=False, state__in=COUNTED_STATES
        ).select_related("rule_set")
    )


NOTHING_IMPOSED = {
    engine.NothingImposed.NO_RULE_SET: gettext_lazy(
        "No penalty rule set was active, so no penalty was imposed."
    ),
    engine.NothingImposed.KIND_NOT_PRICED: gettext_lazy(
        "This rule set sets no penalty for this kind of violation."
    ),
    engine.NothingImposed.OTHER_OFFENCES: gettext_lazy(
        "This rule set's penalties for this kind of violation apply to other offence "
        "numbers, not to this one."
    ),
}


def why_nothing_imposed(violation: Violation) -> str:
    """Why the ledger holds no penalty for the substantiated ``violation``; empty when it
    holds one, or when a rule applies and only nobody is liable under it."""
    if Penalty.objects.live().filter(violation=violation).exists():
        return ""
    counted = _counted(violation.staff_id)
    if violation.pk not in {v.pk for v in counted}:
        return ""
    rules = _rules_reader()(violation.rule_set) if violation.rule_set is not None else []
    number = engine.numbering(counted, timezone.get_default_timezone())
    reason = engine.nothing_imposed(violation, rules, number)
    return str(NOTHING_IMPOSED[reason]) if reason else ""


def reconcile_organisation(
    organisation: Organisation, *, at: datetime | None = None
) -> tuple[int, int]:
    """Bring every ledger of the organisation in line with the rules as they are now (after
    an administrator edited a rule set, or a corrected preset); idempotent. Returns the
    numbers of lines (imposed, revoked)."""
    at = at or timezone.now()
    staff_ids = (
        Violation.objects.filter(organisation=organisation, substantiated_at__isnull=False)
        .values_list("staff", flat=True)
        .distinct()
        .order_by("staff")
    )
    imposed = revoked = 0
    for staff in Staff.objects.filter(pk__in=list(staff_ids)).order_by("pk"):
        new, gone = reconcile_ledger(staff=staff, at=at)
        imposed, revoked = imposed + len(new), revoked + len(gone)
    return imposed, revoked


def _revocation_reason(line: Penalty, number_of: engine.Numbering, tz: ZoneInfo) -> str:
    violation = line.violation
    if number_of(violation.pk) is None:
        return _("Violation %(state)s: %(reason)s") % {
            "state": violation.get_state_display(),
            "reason": violation.decision_reason,
        }
    year = engine.local_year(violation.occurred_at, tz)
    if year != line.year:
        return _("Counted in %(year)s, the year the offence happened.") % {"year": year}
    number = number_of(violation.pk, engine.scope_of(line.rule))
    if number == line.offence_number:  # same number, the rule itself changed
        return _("The sanction no longer applies under the current rules.")
    return _("Offence re-counted: now offence %(new)s instead of %(old)s.") % {
        "new": number,
        "old": line.offence_number,
    }


def _impose(wanted: engine.Wanted, at: datetime, user: Login, *, recounted: bool) -> Penalty:
    sanction = wanted.sanction
    key = {
        "violation": wanted.violation,
        "sanction": sanction,
        "liability": wanted.liability,
        "offence_number": wanted.offence_number,
    }
    cycle = Penalty.objects.filter(entry=PenaltyEntry.IMPOSED, **key).count()
    line = Penalty(
        organisation_id=wanted.violation.organisation_id,
        entry=PenaltyEntry.IMPOSED,
        rule=wanted.rule,
        staff_id=wanted.staff_id,
        department_id=wanted.department_id,
        year=wanted.year,
        sanction_kind=sanction.kind,
        amount_min=sanction.amount_min,
        amount_max=sanction.amount_max,
        rating_cap=sanction.rating_cap,
        cycle=cycle,
        at=at,
        reason=_("Re-counted after a revocation.") if recounted else "",
        recorded_by=_recorder(user),
        **key,
    )
    save_with_user(line, line.recorded_by)
    return line


def _recorder(user: Login) -> User | None:
    """The login that records a line; None for the system (a sweep)."""
    return user if isinstance(user, User) and user.is_authenticated else None


def _revoke(line: Penalty, reason: str, at: datetime, user: Login) -> Penalty:
    revocation = Penalty(
        organisation_id=line.organisation_id,
        entry=PenaltyEntry.REVOCATION,
        violation=line.violation,
        rule_id=line.rule_id,
        sanction_id=line.sanction_id,
        revokes=line,
        liability=line.liability,
        staff_id=line.staff_id,
        department_id=line.department_id,
        offence_number=line.offence_number,
        year=line.year,
        sanction_kind=line.sanction_kind,
        amount_min=line.amount_min,
        amount_max=line.amount_max,
        rating_cap=line.rating_cap,
        at=at,
        reason=reason,
        recorded_by=_recorder(user),
    )
    save_with_user(revocation, revocation.recorded_by)
    return revocation
