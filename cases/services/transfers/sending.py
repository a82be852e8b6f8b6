"""Sending a case on: transfers (转办) to a department, with assisting departments."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Department, Staff
from departments.offices import supervising_office
from firstask.workflow import Login, now_or

from ...choices import EventAction, TransferRole
from ...errors import InvalidInput
from ...models import Case, CaseEvent, Transfer
from ...notifications import notify_transfer
from ..base import (
    acting_staff,
    ensure_allowed,
    fire,
    lock_case,
    new_event,
    new_transfer,
    same_organisation,
    save_case,
)


def default_destination(case: Case) -> Department | None:
    """The matter's department, or the supervising office when it is unclear."""
    if case.matter_id is None:
        return supervising_office(case.organisation_id)
    if Case.matter.is_cached(case):
        # The matter the caller gave (the intake form reads it with its department).
        return case.matter.department
    return Department.objects.get(matters=case.matter_id)


def check_destination(case, department, field="to_department"):
    if department is None:
        raise InvalidInput(_("Choose the department to transfer to."), field=field)
    same_organisation(department, case, field)
    if not department.is_active:
        raise InvalidInput(
            _("%(name)s is not an active department.") % {"name": department}, field=field
        )
    return department


def check_handler(case, handler, department):
    same_organisation(handler, case, "handler")
    if handler.department_id != department.pk or not handler.is_active:
        raise InvalidInput(
            _("The handler must be an active staff member of %(department)s.")
            % {"department": department},
            field="handler",
        )
    return handler


def transfer_destinations(
    case: Case, to_department: Department | None, assisting: Iterable[Department]
) -> tuple[Department, list[Department]]:
    """The checked lead department (default: the matter's, else the supervising office)
    and the assisting departments."""
    to_department = check_destination(case, to_department or default_destination(case))
    if to_department.pk == case.current_department_id:
        raise InvalidInput(
            _("The case is already with %(department)s.") % {"department": to_department},
            field="to_department",
        )
    assisting = [d for d in dict.fromkeys(assisting) if d.pk != to_department.pk]
    for department in assisting:
        check_destination(case, department, "assisting")
    return to_department, assisting


def send_transfers(
    case: Case,
    *,
    by: Login,
    staff: Staff,
    from_department_id: int | None,
    to_department: Department,
    assisting: Iterable[Department],
    note: str,
    handler: Staff | None,
    at: datetime,
    forced: bool,
) -> Transfer:
    """Write the lead transfer and the assisting ones; returns the lead."""
    if handler is not None:
        # The sender may already know who will handle it; the receiver still signs for it.
        suggested = _("Suggested handler: %(name)s") % {"name": handler.name}
        note = f"{note}\n{suggested}".strip()
    common = {
        "user": by,
        "staff": staff,
        "at": at,
        "note": note,
        "from_department_id": from_department_id,
    }
    lead = new_transfer(case, to_department=to_department, forced=forced, **common)
    for department in assisting:
        new_transfer(
            case, to_department=department, role=TransferRole.ASSISTING, lead=lead, **common
        )
    return lead


def transfer_event_note(note: str, assisting: Sequence[Department]) -> str:
    names = "、".join(str(d) for d in assisting)
    if not names:
        return note
    assisting_line = _("Assisting departments: %(names)s") % {"names": names}
    return f"{note}\n{assisting_line}".strip()


@dataclass(frozen=True)
class StartedTransfer:
    """A transfer fired on the case, not yet written: ``send`` writes the transfer rows,
    ``event`` is its unsaved timeline line."""

    case: Case
    by: Login
    staff: Staff
    at: datetime
    holder_id: int
    to_department: Department
    assisting: list[Department]
    note: str
    handler: Staff | None
    forced: bool
    from_state: str

    def send(self) -> Transfer:
        return send_transfers(
            self.case,
            by=self.by,
            staff=self.staff,
            from_department_id=self.holder_id,
            to_department=self.to_department,
            assisting=self.assisting,
            note=self.note,
            handler=self.handler,
            at=self.at,
            forced=self.forced,
        )

    def event(self) -> CaseEvent:
        return new_event(
            self.case,
            EventAction.TRANSFER,
            user=self.by,
            at=self.at,
            from_state=self.from_state,
            note=transfer_event_note(self.note, self.assisting),
            department=self.to_department,
        )


def start_transfer(
    case: Case,
    *,
    by: Login,
    staff: Staff,
    at: datetime,
    to_department: Department | None,
    assisting: Iterable[Department],
    note: str,
    handler: Staff | None,
) -> StartedTransfer:
    """Check and fire the transfer of ``case``: the one rule for a transfer, from the
    case's page or at the desk (registration writes the rows with the new case)."""
    ensure_allowed(case, "transfer", by)
    to_department, assisting = transfer_destinations(case, to_department, assisting)
    holder, forced = case.current_department_id, case.needs_arbitration
    from_state = fire(case, "transfer", by, to_department=to_department, at=at)
    return StartedTransfer(
        case, by, staff, at, holder, to_department, assisting, note, handler, forced, from_state
    )


@transaction.atomic
def case_transfer(
    *,
    case: Case,
    by: Login,
    to_department: Department | None = None,
    assisting: Iterable[Department] = (),
    note: str = "",
    handler: Staff | None = None,
    at: datetime | None = None,
) -> Transfer:
    """Send the case to the responsible department, optionally with assisting departments."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    started = start_transfer(
        case,
        by=by,
        staff=staff,
        at=at,
        to_department=to_department,
        assisting=assisting,
        note=note,
        handler=handler,
    )
    case.current_transfer = started.send()
    save_case(case, by, at)
    started.event().save()
    notify_transfer(case.current_transfer)
    return case.current_transfer
