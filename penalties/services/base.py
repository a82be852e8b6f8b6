"""What every violation step shares: the kernel's workflow (firstask.workflow) with the
violation's messages, and the timeline."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.access import staff_of
from departments.acting import acting_staff_member
from departments.models import Staff
from firstask.workflow import Login, Workflow

from ..models import Violation, ViolationEvent
from ..models.violation import _self_check_answered, _self_check_unanswered

VIOLATIONS = Workflow(
    wrong_state=gettext_lazy("This violation is %(state)s and cannot be %(action)s now."),
    not_permitted=gettext_lazy("You are not allowed to do this on this violation."),
    changed=gettext_lazy(
        "This violation was changed by someone else in the meantime. Reload it and try again."
    ),
    conditions={
        _self_check_answered: gettext_lazy(
            "The department's self-check answer is still due. Without an answer by the "
            "deadline the violation is substantiated automatically."
        ),
        _self_check_unanswered: gettext_lazy("The self-check has already been answered."),
    },
    action_names={
        "send_self_check": gettext_lazy("sent for self-check"),
        "answer_self_check": gettext_lazy("answered"),
        "substantiate": gettext_lazy("substantiated"),
        "substantiate_by_deadline": gettext_lazy("substantiated"),
        "dismiss": gettext_lazy("dismissed"),
        "appeal": gettext_lazy("appealed"),
        "uphold": gettext_lazy("upheld"),
        "revoke": gettext_lazy("revoked"),
    },
    system_may_act=True,
)
fire = VIOLATIONS.fire
ensure_allowed = VIOLATIONS.ensure_allowed


def acting_staff(user: Login, violation: Violation | None = None) -> Staff:
    """The active staff member behind ``user``, of the violation's organisation."""
    return acting_staff_member(
        user,
        violation.organisation_id if violation is not None else None,
        inactive=_("Only active staff members can act on violations."),
        elsewhere=_("This violation belongs to another organisation."),
    )


def lock_violation(violation: Violation, *, check_version: bool = True) -> Violation:
    """The violation re-read under a row lock; refused if it changed since the caller read it."""
    return VIOLATIONS.lock(violation, check_version=check_version)


def save_violation(violation: Violation, user: Login) -> None:
    VIOLATIONS.save(violation, user)


def record_event(
    violation: Violation,
    action: str,
    *,
    user: Login,
    at: datetime,
    from_state: str = "",
    note: str = "",
) -> ViolationEvent:
    event = ViolationEvent.line(
        violation=violation,
        actor=staff_of(user) if user is not None else None,
        user=user,
        at=at,
        action=action,
        from_state=from_state,
        to_state=violation.state,
        note=note,
    )
    event.save()
    return event
