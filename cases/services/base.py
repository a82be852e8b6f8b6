"""What every case action shares: locking, transition checks, events, notifications."""

import functools
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.access import staff_of
from departments.acting import acting_staff_member
from departments.models import Department, Staff
from firstask.workflow import Login, Workflow, now_or, save_with_user

from ..errors import InvalidInput
from ..models import Case, CaseEvent, Transfer
from ..models.case import (
    _awaiting_sign_for,
    _last_transfer_was_returned,
    _not_merged,
    _returnable,
    _signed_for_or_held,
    _was_dissatisfied,
)
from ..timelimits.clocks import sync_stage_clock

CASES = Workflow(
    wrong_state=gettext_lazy("Case %(number)s is %(state)s and cannot be %(action)s now."),
    not_permitted=gettext_lazy("You are not allowed to do this on case %(number)s."),
    changed=gettext_lazy(
        "Case %(number)s was changed by someone else in the meantime. Reload it and try again."
    ),
    conditions={
        _awaiting_sign_for: gettext_lazy("There is no transfer waiting to be signed for."),
        _returnable: gettext_lazy(
            "This transfer cannot be returned: it was forced by the supervising office or is "
            "already signed for."
        ),
        _signed_for_or_held: gettext_lazy("The receiving department has to sign for it first."),
        _last_transfer_was_returned: gettext_lazy(
            "The last transfer of this case was not returned."
        ),
        _was_dissatisfied: gettext_lazy(
            "Only a case rated dissatisfied at callback can be reopened."
        ),
        _not_merged: gettext_lazy("This case was merged into another case and follows it."),
    },
    action_names={
        "transfer": gettext_lazy("transferred"),
        "accept": gettext_lazy("signed for"),
        "return_transfer": gettext_lazy("returned"),
        "reject_return": gettext_lazy("forced back"),
        "resolve": gettext_lazy("resolved"),
        "call_back": gettext_lazy("called back"),
        "reopen": gettext_lazy("reopened"),
    },
    describe=lambda case: {"number": case.number},
)
ensure_allowed = CASES.ensure_allowed
fire = CASES.fire


def acting_staff(user: Login, case: Case | None = None) -> Staff:
    """The active staff member behind ``user``, of the case's organisation."""
    return acting_staff_member(
        user,
        case.organisation_id if case is not None else None,
        inactive=_("Only active staff members can act on cases."),
        elsewhere=_("This case belongs to another organisation."),
    )


def lock_case(case: Case) -> Case:
    """The case re-read under a row lock; refused if it changed since the caller read it."""
    return CASES.lock(case)


def save_case(case: Case, user: Login, at: datetime | None = None) -> None:
    """Save a changed case; its stage clock follows the state it is in now."""
    sync_stage_clock(case, now_or(at))
    CASES.save(case, user)


# Pointers to rows the transfers and stage-clock tables already record: excluded from the
# case's history (see the Case model), so they may be written without a save.
POINTERS = frozenset({"current_transfer", "current_clock"})


@functools.cache
def _pointers_sql(fields, vendor):
    quote = connection.ops.quote_name
    meta = Case._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"


def write_pointers(case: Case, *fields: str) -> None:
    """Store the case's pointers ``fields`` in one UPDATE, with no history row.

    For a case just inserted, whose new transfer and clock need its id first. Plain SQL:
    compiling the UPDATE through the ORM took several times longer than running it.
    """
    if not fields or not POINTERS.issuperset(fields):
        raise ValueError(f"Only {sorted(POINTERS)} may be written without a save.")
    params = [getattr(case, Case._meta.get_field(name).attname) for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(_pointers_sql(fields, connection.vendor), [*params, case.pk])


def new_event(
    case: Case,
    action: str,
    *,
    user: Login,
    at: datetime,
    from_state: str = "",
    note: str = "",
    department: Department | None = None,
) -> CaseEvent:
    """An unsaved timeline line; ``record_event`` saves one, callers may bulk-create."""
    return CaseEvent.line(
        case=case,
        actor=staff_of(user) if user is not None else None,
        user=user,
        at=at,
        action=action,
        from_state=from_state,
        to_state=case.state,
        department=department,
        note=note,
    )


def record_event(case: Case, action: str, **details: Any) -> CaseEvent:
    event = new_event(case, action, **details)
    event.save()
    return event


def same_organisation(obj: Any, case: Case, field: str, message: str | None = None) -> Any:
    if obj is not None and obj.organisation_id != case.organisation_id:
        raise InvalidInput(message or _("Must belong to the same organisation."), field=field)
    return obj


def new_transfer(
    case: Case,
    *,
    user: Login,
    staff: Staff,
    to_department: Department,
    at: datetime,
    note: str = "",
    role: str = "lead",
    lead: Transfer | None = None,
    forced: bool = False,
    round_: int | None = None,
    from_department_id: int | None = None,
) -> Transfer:
    return save_with_user(
        Transfer(
            case=case,
            round=round_ or case.round,
            role=role,
            lead_transfer=lead,
            from_department_id=from_department_id or case.current_department_id,
            from_staff=staff,
            to_department=to_department,
            note=note,
            is_forced=forced,
            sent_at=at,
        ),
        user,
    )
