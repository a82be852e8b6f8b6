"""Receiving a case: signing for it (签收), returns (退回) and their arbitration, forced
assignments of the handler, assisting departments' opinions."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Department, Matter, Staff
from departments.offices import supervising_office
from firstask.workflow import Login, now_or, required_text, save_with_user

from ... import permissions
from ...choices import EventAction, State, TransferRole
from ...errors import ActionNotAllowed, InvalidInput
from ...models import Case, Transfer
from ...notifications import notify_return, notify_transfer
from ...signals import return_rejected
from ..base import (
    acting_staff,
    ensure_allowed,
    fire,
    lock_case,
    new_transfer,
    record_event,
    same_organisation,
    save_case,
)
from .sending import check_destination, check_handler

RETURNS_BEFORE_ARBITRATION = 2


@transaction.atomic
def case_accept(
    *,
    case: Case,
    by: Login,
    handler: Staff | None = None,
    note: str = "",
    needs_approval: bool = False,
    at: datetime | None = None,
) -> Case:
    """The receiving department signs for the transfer and names the handler; it states
    whether the matter needs leadership approval (the policy's longer limit applies)."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "accept", by)
    handler = check_handler(case, handler or staff, case.current_department)
    transfer = case.current_transfer
    from_state = fire(case, "accept", by, handler=handler, at=at, needs_approval=needs_approval)
    transfer.accepted_at = at
    transfer.accepted_by = staff
    save_with_user(transfer, by)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.ACCEPT,
        user=by,
        at=at,
        from_state=from_state,
        note=_accept_note(note, handler, needs_approval),
        department=case.current_department,
    )
    return case


def _accept_note(note, handler, needs_approval):
    lines = [note or _("Handler: %(name)s") % {"name": handler.name}]
    if needs_approval:
        lines.append(_("Needs leadership approval: the longer time limit applies."))
    return "\n".join(lines)


def check_assign_handler(case: Case, user: Login) -> None:
    """Raise ActionNotAllowed unless ``user`` may give ``case`` to another handler now."""
    if not case.is_signed_for:
        raise ActionNotAllowed(_("Only a signed-for case in handling can be reassigned."))
    if not permissions.may_assign_handler(case, user):
        raise ActionNotAllowed(_("Only the department head or a supervisor assigns handlers."))


@transaction.atomic
def case_assign_handler(
    *, case: Case, by: Login, handler: Staff, at: datetime | None = None
) -> Case:
    """A head (or supervisor) gives a signed-for case to another handler of the department."""
    case = lock_case(case)
    acting_staff(by, case)
    at = now_or(at)
    check_assign_handler(case, by)
    case.handler = check_handler(case, handler, case.current_department)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.ASSIGN,
        user=by,
        at=at,
        from_state=case.state,
        note=_("Handler: %(name)s") % {"name": handler.name},
        department=case.current_department,
    )
    return case


def _check_return_details(case, returning, duty_item, proposed):
    """The duty item must be another department's; the proposal defaults to its department."""
    if duty_item is not None:
        same_organisation(duty_item, case, "duty_item")
        if duty_item.department_id == returning.pk:
            raise InvalidInput(
                _("%(item)s is on your own duty list: sign for the case.") % {"item": duty_item},
                field="duty_item",
            )
        proposed = proposed or duty_item.department
    if proposed is not None:
        check_destination(case, proposed, "proposed_department")
        if proposed.pk == returning.pk:
            raise InvalidInput(
                _("Propose another department than your own."), field="proposed_department"
            )
    return proposed


def return_event_note(reason: str, duty_item: Matter | None, proposed: Department | None) -> str:
    if duty_item is None:
        basis = _("No item of the duty list covers it.")
    else:
        basis = _("Duty-list item: %(item)s (%(department)s)") % {
            "item": duty_item.name,
            "department": duty_item.department,
        }
    lines = [reason, basis]
    if proposed is not None:
        lines.append(_("Proposed department: %(name)s") % {"name": proposed})
    return "\n".join(lines)


@transaction.atomic
def case_return(
    *,
    case: Case,
    by: Login,
    reason: str,
    duty_item: Matter | None,
    proposed_department: Department | None = None,
    at: datetime | None = None,
) -> Transfer:
    """Return a transfer with a written reason; the second return goes to arbitration.

    ``duty_item`` is the duty-list item that makes the case someone else's, or None to state
    that no item covers it (it has no default: every return says which). The proposed
    department defaults to the item's department.
    """
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "return_transfer", by)
    reason = required_text(reason, "reason", _("A return needs a written reason."))
    transfer = case.current_transfer
    proposed = _check_return_details(case, transfer.to_department, duty_item, proposed_department)

    # This return plus the earlier ones of the round.
    returns = (
        1
        + Transfer.objects.filter(
            case=case, round=case.round, role=TransferRole.LEAD, returned_at__isnull=False
        ).count()
    )
    office = supervising_office(case.organisation_id)
    for_arbitration = returns >= RETURNS_BEFORE_ARBITRATION and office is not None
    back_to = office if for_arbitration else transfer.from_department
    from_state = fire(case, "return_transfer", by, back_to=back_to, for_arbitration=for_arbitration)
    transfer.returned_at = at
    transfer.returned_by = staff
    transfer.return_reason = reason
    transfer.return_duty_item = duty_item
    transfer.proposed_department = proposed
    save_with_user(transfer, by)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.RETURN,
        user=by,
        at=at,
        from_state=from_state,
        note=return_event_note(reason, duty_item, proposed),
        department=back_to,
    )
    if for_arbitration:
        record_event(
            case,
            EventAction.ARBITRATION,
            user=None,
            at=at,
            from_state=case.state,
            note=_("Returned %(n)s times: the supervising office decides.") % {"n": returns},
            department=office,
        )
    notify_return(transfer)
    return transfer


@transaction.atomic
def case_reject_return(*, case: Case, by: Login, note: str, at: datetime | None = None) -> Transfer:
    """The supervising office finds a return unjustified and forces the assignment."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "reject_return", by)
    note = required_text(note, "note", _("Say why the return is rejected."))
    returned = case.current_transfer
    forced = new_transfer(
        case,
        user=by,
        staff=staff,
        to_department=returned.to_department,
        at=at,
        note=note,
        forced=True,
        from_department_id=staff.department_id,
    )
    from_state = fire(case, "reject_return", by, to_department=returned.to_department, at=at)
    case.current_transfer = forced
    returned.return_rejected = True
    save_with_user(returned, by)
    return_rejected.send(sender=Transfer, transfer=returned, by=by, at=at)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.REJECT_RETURN,
        user=by,
        at=at,
        from_state=from_state,
        note=note,
        department=returned.to_department,
    )
    notify_transfer(forced)
    return forced


@transaction.atomic
def case_record_assist_opinion(
    *, transfer: Transfer, by: Login, opinion: str, at: datetime | None = None
) -> Transfer:
    """An assisting department (协办) gives its opinion to the lead department."""

    case = lock_case(transfer.case)
    staff = acting_staff(by, case)
    at = now_or(at)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.role != TransferRole.ASSISTING:
        raise ActionNotAllowed(_("Only an assisting department gives an opinion."))
    if staff.department_id != transfer.to_department_id:
        raise ActionNotAllowed(
            _("Only staff of %(d)s can give its opinion.") % {"d": transfer.to_department}
        )
    if transfer.opinion_at is not None:
        raise ActionNotAllowed(_("This department has already given its opinion."))
    if case.state != State.TRANSFERRED or transfer.lead_transfer_id != case.current_transfer_id:
        raise ActionNotAllowed(_("The case is no longer waiting for this opinion."))
    transfer.opinion = required_text(opinion, "opinion", _("Write the opinion."))
    transfer.opinion_at = at
    transfer.opinion_by = staff
    save_with_user(transfer, by)
    record_event(
        case,
        EventAction.ASSIST_OPINION,
        user=by,
        at=at,
        from_state=case.state,
        note=transfer.opinion,
        department=transfer.to_department,
    )
    return transfer
