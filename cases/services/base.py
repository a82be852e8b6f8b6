"""What every case action shares: locking, transition checks, events, notifications."""

import functools

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.access import staff_of

from ..clocks import sync_stage_clock
from ..errors import ActionNotAllowed, CaseChanged, InvalidInput
from ..models import Case, CaseEvent, Transfer
from ..models.case import (
    _awaiting_sign_for,
    _last_transfer_was_returned,
    _not_merged,
    _returnable,
    _signed_for_or_held,
    _was_dissatisfied,
)

CONDITION_MESSAGES = {
    _awaiting_sign_for: gettext_lazy("There is no transfer waiting to be signed for."),
    _returnable: gettext_lazy(
        "This transfer cannot be returned: it was forced by the supervising office or is "
        "already signed for."
    ),
    _signed_for_or_held: gettext_lazy("The receiving department has to sign for it first."),
    _last_transfer_was_returned: gettext_lazy("The last transfer of this case was not returned."),
    _was_dissatisfied: gettext_lazy("Only a case rated dissatisfied at callback can be reopened."),
    _not_merged: gettext_lazy("This case was merged into another case and follows it."),
}

ACTION_NAMES = {
    "transfer": gettext_lazy("transferred"),
    "accept": gettext_lazy("signed for"),
    "return_transfer": gettext_lazy("returned"),
    "reject_return": gettext_lazy("forced back"),
    "resolve": gettext_lazy("resolved"),
    "call_back": gettext_lazy("called back"),
    "reopen": gettext_lazy("reopened"),
}


def now_or(at):
    return at or timezone.now()


def acting_staff(user, case=None):
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        raise ActionNotAllowed(_("Only active staff members can act on cases."))
    if case is not None and staff.organisation_id != case.organisation_id:
        raise ActionNotAllowed(_("This case belongs to another organisation."))
    return staff


def lock_case(case):
    """The case re-read under a row lock; refused if it changed since the caller read it."""
    # No joins in the locking query: PostgreSQL re-checks a row that was updated while we
    # waited, and an outer join in that re-check can drop the row altogether.
    # FOR NO KEY UPDATE, not FOR UPDATE: the key is never changed, and rows that refer to
    # the case (the sweep's alerts and timeline lines) take FOR KEY SHARE at commit, which
    # FOR UPDATE would block while we wait for a clock the sweep holds: a deadlock.
    locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    if locked.version != case.version:
        raise CaseChanged(
            _(
                "Case %(number)s was changed by someone else in the meantime. "
                "Reload it and try again."
            )
            % {"number": locked.number}
        )
    return locked


def ensure_allowed(case, action, user):
    """Raise a clear ActionNotAllowed unless ``user`` may run transition ``action`` now."""
    method = getattr(case, action)
    transition = method._django_fsm.get_transition(case.state)
    if transition is None:
        raise ActionNotAllowed(
            _("Case %(number)s is %(state)s and cannot be %(action)s now.")
            % {
                "number": case.number,
                "state": case.get_state_display(),
                "action": ACTION_NAMES.get(action, action),
            }
        )
    for condition in transition.conditions:
        if not condition(case):
            raise ActionNotAllowed(CONDITION_MESSAGES.get(condition, _("Not possible now.")))
    if not transition.has_perm(case, user):
        raise ActionNotAllowed(
            _("You are not allowed to do this on case %(number)s.") % {"number": case.number}
        )


def fire(case, action, user, **kwargs):
    """Run a transition after checking it; returns the state it left."""
    ensure_allowed(case, action, user)
    from_state = case.state
    getattr(case, action)(**kwargs)
    return from_state


def save_case(case, user, at=None):
    """Save a changed case; its stage clock follows the state it is in now."""
    sync_stage_clock(case, now_or(at))
    case.version += 1
    case._history_user = user
    case.save()


# Pointers to rows the transfers and stage-clock tables already record: excluded from the
# case's history (see the Case model), so they may be written without a save.
POINTERS = frozenset({"current_transfer", "current_clock"})


@functools.cache
def _pointers_sql(fields, vendor):
    quote = connection.ops.quote_name
    meta = Case._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"


def write_pointers(case, *fields):
    """Store the case's pointers ``fields`` in one UPDATE, with no history row.

    For a case just inserted, whose new transfer and clock need its id first. Plain SQL:
    compiling the UPDATE through the ORM took several times longer than running it.
    """
    if not fields or not POINTERS.issuperset(fields):
        raise ValueError(f"Only {sorted(POINTERS)} may be written without a save.")
    params = [getattr(case, Case._meta.get_field(name).attname) for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(_pointers_sql(fields, connection.vendor), [*params, case.pk])


def new_event(case, action, *, user, at, from_state="", note="", department=None):
    """An unsaved timeline line; ``record_event`` saves one, callers may bulk-create."""
    staff = staff_of(user) if user is not None else None
    return CaseEvent(
        case=case,
        at=at,
        actor=staff,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=case.state,
        department=department,
        note=note,
    )


def record_event(case, action, **details):
    event = new_event(case, action, **details)
    event.save()
    return event


def required_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def same_organisation(obj, case, field, message=None):
    if obj is not None and obj.organisation_id != case.organisation_id:
        raise InvalidInput(message or _("Must belong to the same organisation."), field=field)
    return obj


def save_with_user(obj, user):
    obj._history_user = user
    obj.save()
    return obj


def new_transfer(
    case,
    *,
    user,
    staff,
    to_department,
    at,
    note="",
    role="lead",
    lead=None,
    forced=False,
    round_=None,
    from_department_id=None,
):
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
