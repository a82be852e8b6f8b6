"""Extensions (延期): the handler asks for a later deadline, a head or supervisor decides."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.calendar.calendars import calendar_for
from firstask.workflow import Login, now_or, required_text, save_with_user

from .. import permissions
from ..choices import EventAction, ExtensionStatus, Stage
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Case, Extension, StageClock
from ..timelimits import deadlines
from ..timelimits.notifications_deadlines import (
    notify_extension_decided,
    notify_extension_requested,
)
from .base import acting_staff, lock_case, record_event
from .pauses import running_clock


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _check_new_deadline(case, clock, requested_due):
    if requested_due is None or timezone.is_naive(requested_due):
        raise InvalidInput(_("Give the new deadline with date and time."), field="requested_due")
    if requested_due <= clock.due_at:
        raise InvalidInput(
            _("The new deadline must be later than the current one (%(due)s).")
            % {"due": _local(clock.due_at)},
            field="requested_due",
        )
    maximum = clock.policy.max_extension_limit if clock.policy_id else None
    latest = deadlines.latest_extension(
        calendar_for(case.organisation_id), clock.limit_due_at, maximum
    )
    if latest is not None and requested_due > latest:
        raise InvalidInput(
            _("The time-limit policy allows an extension up to %(latest)s at most.")
            % {"latest": _local(latest)},
            field="requested_due",
        )


def extendable_clock(case: Case, user: Login) -> StageClock:
    """The running clock whose deadline ``user`` may ask to extend; ActionNotAllowed
    otherwise. (Whether the deadline is still ahead is checked when the request is made.)"""
    clock = running_clock(case)
    if clock.due_at is None or clock.stage == Stage.SIGN_FOR:
        raise ActionNotAllowed(_("This stage has no deadline that can be extended."))
    if not permissions.may_request_extension(case, user, clock):
        raise ActionNotAllowed(_("Only the person responsible for this stage asks for more time."))
    if clock.is_paused:
        raise ActionNotAllowed(_("The clock is waiting for materials; it does not run out now."))
    return clock


@transaction.atomic
def extension_request(
    *, case: Case, by: Login, reason: str, requested_due: datetime, at: datetime | None = None
) -> Extension:
    """Ask for a later deadline of the running stage, with the reason."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    clock = extendable_clock(case, by)
    if clock.is_past_due(at):
        raise ActionNotAllowed(_("The deadline has passed; an extension is asked for before it."))
    if clock.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ActionNotAllowed(_("An extension of this stage is already waiting for a decision."))
    reason = required_text(reason, "reason", _("Say why more time is needed."))
    _check_new_deadline(case, clock, requested_due)
    extension = save_with_user(
        Extension(
            case=case,
            clock=clock,
            requested_by=staff,
            requested_at=at,
            reason=reason,
            previous_due=clock.due_at,
            requested_due=requested_due,
        ),
        by,
    )
    record_event(
        case,
        EventAction.EXTENSION_REQUESTED,
        user=by,
        at=at,
        from_state=case.state,
        note=_("Until %(due)s: %(reason)s") % {"due": _local(requested_due), "reason": reason},
        department=clock.department,
    )
    notify_extension_requested(extension)
    return extension


def _deciding(extension, by, at):
    """Lock the case and the request; check that ``by`` may decide it now."""
    # The decider acts on the request, not on a copy of the case: lock it as it is now.
    case = Case.objects.select_for_update(no_key=True).get(pk=extension.case_id)
    staff = acting_staff(by, case)
    extension = Extension.objects.select_for_update().select_related("clock").get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ActionNotAllowed(_("This extension request has already been decided."))
    clock = extension.clock
    if not permissions.may_decide_extension(case, by, clock):
        raise ActionNotAllowed(
            _("Only the head of %(department)s or a supervisor decides on extensions.")
            % {"department": clock.department}
        )
    if extension.requested_by_id == staff.pk:
        raise ActionNotAllowed(_("Nobody decides on their own extension request."))
    return case, staff, extension, clock


def _decide(extension, staff, by, status, note, at):
    extension.status = status
    extension.decided_by = staff
    extension.decided_at = at
    extension.decision_note = note
    save_with_user(extension, by)


@transaction.atomic
def extension_approve(
    *, extension: Extension, by: Login, note: str = "", at: datetime | None = None
) -> Extension:
    """Approve: the stage's deadline moves to the requested one."""
    at = now_or(at)
    case, staff, extension, clock = _deciding(extension, by, at)
    if not clock.is_open or clock.pk != case.current_clock_id:
        raise ActionNotAllowed(_("The stage this extension was asked for has ended."))
    _check_new_deadline(case, clock, extension.requested_due)
    calendar = calendar_for(case.organisation_id)
    clock.due_at = extension.requested_due
    clock.warn_at = deadlines.warning_point(
        calendar, clock.started_at, clock.due_at, clock.unit, clock.warning_share
    )
    # Only the fields this function owns: a concurrent save elsewhere keeps its own.
    clock.save(update_fields=["due_at", "warn_at"])
    note = (note or "").strip()
    _decide(extension, staff, by, ExtensionStatus.APPROVED, note, at)
    record_event(
        case,
        EventAction.EXTENSION_APPROVED,
        user=by,
        at=at,
        from_state=case.state,
        note=_("Deadline moved from %(old)s to %(new)s. %(note)s")
        % {"old": _local(extension.previous_due), "new": _local(clock.due_at), "note": note},
        department=clock.department,
    )
    notify_extension_decided(extension)
    return extension


@transaction.atomic
def extension_reject(
    *, extension: Extension, by: Login, note: str, at: datetime | None = None
) -> Extension:
    """Reject with a reason: the deadline stays."""
    at = now_or(at)
    case, staff, extension, clock = _deciding(extension, by, at)
    note = required_text(note, "note", _("Say why the extension is rejected."))
    _decide(extension, staff, by, ExtensionStatus.REJECTED, note, at)
    record_event(
        case,
        EventAction.EXTENSION_REJECTED,
        user=by,
        at=at,
        from_state=case.state,
        note=note,
        department=clock.department,
    )
    notify_extension_decided(extension)
    return extension
