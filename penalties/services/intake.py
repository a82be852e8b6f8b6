"""Where violations come from: the deadline sweep, public complaints, supervisors.

The sweep and the complaint page may run twice for the same thing; each of their
violations carries an ``origin`` key that is unique per organisation, so it exists once.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from departments.access import staff_of
from departments.models import Staff

from .. import permissions
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Source, Violation, ViolationAction, ViolationKind
from .base import acting_staff, now_or, record_event, required_text

logger = logging.getLogger(__name__)

# Case stages of the time-limit policy → the kind of violation their overrun is.
STAGE_KINDS = {
    "forward": ViolationKind.OVERDUE_FORWARD,
    "accept": ViolationKind.OVERDUE_FORWARD,
    "sign_for": ViolationKind.OVERDUE_FORWARD,
    "transfer": ViolationKind.OVERDUE_FORWARD,
    "resolve": ViolationKind.OVERDUE_RESOLUTION,
    "resolution": ViolationKind.OVERDUE_RESOLUTION,
    "callback": ViolationKind.OVERDUE_CALLBACK,
    "call_back": ViolationKind.OVERDUE_CALLBACK,
}


@dataclass(frozen=True)
class OverdueStage:
    """One overdue case stage, as the deadline sweep reports it.

    ``key`` identifies the stage (e.g. its stage clock): one violation per key.
    ``staff_id`` is the person responsible for the stage; without one, the head of
    ``department_id`` answers for it.
    """

    case_id: int
    stage: str
    key: str
    due_at: datetime
    staff_id: int | None = None
    department_id: int | None = None


def _insert_once(violation, user=None):
    """Save a violation with an origin; None if it already exists (maybe concurrently)."""
    try:
        with transaction.atomic():
            violation._history_user = user
            violation.save()
            record_event(violation, ViolationAction.REPORT, user=user, at=violation.reported_at)
    except IntegrityError:
        return None
    return violation


def record_overdue_violations(*, overdue, now):
    """Suspected violations for overdue stages, one per stage key; returns the new ones."""
    overdue = list(overdue)
    cases = Case.objects.in_bulk({item.case_id for item in overdue})
    staff = Staff.objects.select_related("department__head").in_bulk(
        {item.staff_id for item in overdue if item.staff_id}
    )
    created = []
    for item in overdue:
        case = cases.get(item.case_id)
        person = staff.get(item.staff_id) if item.staff_id else _head_of(item.department_id)
        if case is None or person is None:
            logger.warning("overdue stage %s: nobody to hold responsible, skipped", item.key)
            continue
        origin = f"overdue:{item.key}"
        if Violation.objects.filter(organisation=case.organisation_id, origin=origin).exists():
            continue
        due = timezone.localtime(item.due_at)
        violation = Violation(
            organisation_id=case.organisation_id,
            staff=person,
            department_id=item.department_id or person.department_id,
            case=case,
            kind=STAGE_KINDS.get(item.stage, ViolationKind.OVERDUE_RESOLUTION),
            source=Source.SWEEP,
            stage=item.stage,
            origin=origin,
            evidence=_("Case %(number)s: stage “%(stage)s” was due at %(due)s.")
            % {"number": case.number, "stage": item.stage, "due": f"{due:%Y-%m-%d %H:%M}"},
            occurred_at=item.due_at,
            reported_at=now,
        )
        if _insert_once(violation):
            created.append(violation)
    return created


def _head_of(department_id):
    from departments.models import Department

    department = Department.objects.select_related("head").filter(pk=department_id).first()
    return department.head if department is not None else None


def violation_from_complaint(case, *, at=None):
    """The suspected violation of a complaint case about a staff member (once per case)."""
    person = case.subject_staff
    if person is None:
        return None
    origin = f"complaint:{case.pk}"
    existing = Violation.objects.filter(organisation=case.organisation_id, origin=origin).first()
    if existing is not None:
        return existing
    violation = Violation(
        organisation_id=case.organisation_id,
        staff=person,
        department_id=person.department_id,
        case=case,
        kind=ViolationKind.COMPLAINT,
        source=Source.PUBLIC_COMPLAINT,
        origin=origin,
        evidence=case.matter_text,
        occurred_at=case.registered_at,
        reported_at=now_or(at),
    )
    return _insert_once(violation) or Violation.objects.get(
        organisation=case.organisation_id, origin=origin
    )


def violation_from_rejected_return(transfer, *, by=None, at=None):
    """A return the supervising office rejected as unjustified counts as a refused transfer:
    a suspected violation of whoever returned it (once per transfer)."""
    person = transfer.returned_by
    if person is None:
        return None
    case = transfer.case
    origin = f"return:{transfer.pk}"
    existing = Violation.objects.filter(organisation=case.organisation_id, origin=origin).first()
    if existing is not None:
        return existing
    reporter = staff_of(by) if by is not None else None
    violation = Violation(
        organisation_id=case.organisation_id,
        staff=person,
        department_id=transfer.to_department_id,
        case=case,
        kind=ViolationKind.REFUSED_TRANSFER,
        source=Source.SUPERVISOR,
        origin=origin,
        evidence=_("Return of case %(number)s rejected as unjustified. Reason given: %(reason)s")
        % {"number": case.number, "reason": transfer.return_reason},
        occurred_at=transfer.returned_at or now_or(at),
        reported_at=now_or(at),
        reported_by=reporter,
    )
    return _insert_once(violation, by) or Violation.objects.get(
        organisation=case.organisation_id, origin=origin
    )


@transaction.atomic
def violation_report(
    *, by, staff, kind, evidence, source=Source.SUPERVISOR, case=None, occurred_at=None, at=None
):
    """A supervisor records a violation (a complaint received, a spot-check finding …)."""
    reporter = acting_staff(by)
    if not permissions.may_report(by):
        raise ActionNotAllowed(_("Only supervisors record violations."))
    if staff is None or staff.organisation_id != reporter.organisation_id:
        raise InvalidInput(_("Choose a staff member of your organisation."), field="staff")
    if case is not None and case.organisation_id != reporter.organisation_id:
        raise InvalidInput(_("Must belong to the same organisation."), field="case")
    if kind not in ViolationKind.values:
        raise InvalidInput(_("Choose the kind of violation."), field="kind")
    if source not in Source.values:
        raise InvalidInput(_("Choose where it came from."), field="source")
    at = now_or(at)
    violation = Violation(
        organisation_id=reporter.organisation_id,
        staff=staff,
        department_id=staff.department_id,
        case=case,
        kind=kind,
        source=source,
        evidence=required_text(evidence, "evidence", _("Describe what happened.")),
        occurred_at=occurred_at or at,
        reported_at=at,
        reported_by=reporter,
    )
    violation._history_user = by
    violation.save()
    record_event(violation, ViolationAction.REPORT, user=by, at=at)
    return violation
