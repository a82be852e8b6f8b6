"""What every violation step shares: locking, transition checks, the timeline."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.access import staff_of

from ..errors import ActionNotAllowed, InvalidInput, ViolationChanged
from ..models import Violation, ViolationEvent
from ..models.violation import _self_check_answered, _self_check_unanswered

CONDITION_MESSAGES = {
    _self_check_answered: gettext_lazy(
        "The department's self-check answer is still due. Without an answer by the deadline "
        "the violation is substantiated automatically."
    ),
    _self_check_unanswered: gettext_lazy("The self-check has already been answered."),
}

ACTION_NAMES = {
    "send_self_check": gettext_lazy("sent for self-check"),
    "answer_self_check": gettext_lazy("answered"),
    "substantiate": gettext_lazy("substantiated"),
    "substantiate_by_deadline": gettext_lazy("substantiated"),
    "dismiss": gettext_lazy("dismissed"),
    "appeal": gettext_lazy("appealed"),
    "uphold": gettext_lazy("upheld"),
    "revoke": gettext_lazy("revoked"),
}


def now_or(at):
    return at or timezone.now()


def acting_staff(user, violation=None):
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        raise ActionNotAllowed(_("Only active staff members can act on violations."))
    if violation is not None and staff.organisation_id != violation.organisation_id:
        raise ActionNotAllowed(_("This violation belongs to another organisation."))
    return staff


def lock_violation(violation, *, check_version=True):
    """The violation re-read under a row lock; refused if it changed since the caller read it."""
    locked = Violation.objects.select_for_update(no_key=True).get(pk=violation.pk)
    if check_version and locked.version != violation.version:
        raise ViolationChanged(
            _(
                "This violation was changed by someone else in the meantime. "
                "Reload it and try again."
            )
        )
    return locked


def ensure_allowed(violation, action, user):
    """Raise a clear ActionNotAllowed unless ``user`` may run transition ``action`` now."""
    transition = getattr(violation, action)._django_fsm.get_transition(violation.state)
    if transition is None:
        raise ActionNotAllowed(
            _("This violation is %(state)s and cannot be %(action)s now.")
            % {"state": violation.get_state_display(), "action": ACTION_NAMES.get(action, action)}
        )
    for condition in transition.conditions:
        if not condition(violation):
            raise ActionNotAllowed(CONDITION_MESSAGES.get(condition, _("Not possible now.")))
    if user is not None and not transition.has_perm(violation, user):
        raise ActionNotAllowed(_("You are not allowed to do this on this violation."))


def fire(violation, action, user, **kwargs):
    """Run a transition after checking it; returns the state it left."""
    ensure_allowed(violation, action, user)
    from_state = violation.state
    getattr(violation, action)(**kwargs)
    return from_state


def save_violation(violation, user):
    violation.version += 1
    violation._history_user = user
    violation.save()


def record_event(violation, action, *, user, at, from_state="", note=""):
    staff = staff_of(user) if user is not None else None
    return ViolationEvent.objects.create(
        violation=violation,
        at=at,
        actor=staff,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=violation.state,
        note=note,
    )


def required_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value
