"""Deciding a violation: substantiate (查实), dismiss, appeal, uphold, revoke.

Substantiation fixes the rule set and the jointly liable head and leader in charge, then
has the ledger applied (and says on the timeline why when the rules impose nothing); a
revocation has it re-applied, which revokes the violation's lines and re-counts the
person's later offences.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from firstask.workflow import Login, now_or, required_text

from ..models import Violation, ViolationAction
from ..notifications import notify_substantiated
from .base import acting_staff, fire, lock_violation, record_event, save_violation
from .ledger import active_rule_set, reconcile_ledger, why_nothing_imposed


def fix_liability(violation: Violation) -> None:
    """Who answers for it, as things stand at substantiation."""
    department = violation.department
    violation.rule_set = active_rule_set(violation.organisation_id)
    violation.liable_head_id = department.head_id
    violation.liable_leader_id = department.leader_in_charge_id


def apply_rules(violation: Violation, *, at: datetime, user: Login | None = None) -> None:
    """Have the ledger apply the rules to a violation just substantiated; when they impose
    nothing, a line on its timeline says why (it still counts as substantiated)."""
    reconcile_ledger(staff=violation.staff, at=at, user=user)
    reason = why_nothing_imposed(violation)
    if reason:
        # The system's conclusion from the rules, not a step the decider took.
        record_event(
            violation,
            ViolationAction.NO_PENALTY,
            user=None,
            at=at,
            from_state=violation.state,
            note=reason,
        )


def nothing_imposed_note(violation: Violation) -> str:
    """What the timeline says about the rules imposing nothing, if they did not."""
    return (
        violation.events.filter(action=ViolationAction.NO_PENALTY)
        .order_by("at", "pk")
        .values_list("note", flat=True)
        .last()
        or ""
    )


@transaction.atomic
def violation_substantiate(
    *, violation: Violation, by: Login, note: str = "", at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    acting_staff(by, violation)
    at = now_or(at)
    note = (note or "").strip()
    from_state = fire(violation, "substantiate", by, at=at, reason=note)
    fix_liability(violation)
    save_violation(violation, by)
    record_event(
        violation, ViolationAction.SUBSTANTIATE, user=by, at=at, from_state=from_state, note=note
    )
    apply_rules(violation, at=at, user=by)
    notify_substantiated(violation)
    return violation


@transaction.atomic
def violation_dismiss(
    *, violation: Violation, by: Login, reason: str, at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    acting_staff(by, violation)
    at = now_or(at)
    reason = required_text(
        reason, "reason", _("Give the evidence on which the violation is dismissed.")
    )
    from_state = fire(violation, "dismiss", by, reason=reason)
    save_violation(violation, by)
    record_event(
        violation, ViolationAction.DISMISS, user=by, at=at, from_state=from_state, note=reason
    )
    return violation


@transaction.atomic
def violation_appeal(
    *, violation: Violation, by: Login, reason: str, at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    acting_staff(by, violation)
    at = now_or(at)
    reason = required_text(reason, "reason", _("Say why the decision is appealed."))
    from_state = fire(violation, "appeal", by)
    save_violation(violation, by)
    record_event(
        violation, ViolationAction.APPEAL, user=by, at=at, from_state=from_state, note=reason
    )
    return violation


@transaction.atomic
def violation_uphold(
    *, violation: Violation, by: Login, note: str = "", at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    acting_staff(by, violation)
    at = now_or(at)
    from_state = fire(violation, "uphold", by)
    save_violation(violation, by)
    record_event(
        violation, ViolationAction.UPHOLD, user=by, at=at, from_state=from_state, note=note or ""
    )
    return violation


@transaction.atomic
def violation_revoke(
    *, violation: Violation, by: Login, reason: str, at: datetime | None = None
) -> Violation:
    """Revoke on appeal: the penalties stay in the ledger with their revocations."""
    violation = lock_violation(violation)
    acting_staff(by, violation)
    at = now_or(at)
    reason = required_text(reason, "reason", _("Say why the violation is revoked."))
    from_state = fire(violation, "revoke", by, reason=reason)
    save_violation(violation, by)
    record_event(
        violation, ViolationAction.REVOKE, user=by, at=at, from_state=from_state, note=reason
    )
    reconcile_ledger(staff=violation.staff, at=at, user=by)
    return violation
