"""Where violations come from: the deadline sweep, public complaints, supervisors.

The sweep and the complaint page may run twice for the same thing; each of their
violations carries an ``origin`` key that is unique per organisation, so it exists once.
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cases.choices import Stage
from cases.models import Case, StageAlert, StageClock, Transfer
from departments.access import staff_of
from departments.models import Staff
from firstask.bulk import (
    choice_label,
    formatted,
    insert_from,
    insert_history,
    local_minute,
    mapped,
    with_pks,
)
from firstask.workflow import Login, now_or, required_text, save_with_user

from .. import permissions
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Source, Violation, ViolationAction, ViolationEvent, ViolationKind
from .base import acting_staff, record_event
from .repeats import link_repeat

logger = logging.getLogger(__name__)

# Case stages of the time-limit policy → the kind of violation their overrun is.
STAGE_KINDS: dict[str, str] = {
    Stage.FORWARD: ViolationKind.OVERDUE_FORWARD,
    Stage.SIGN_FOR: ViolationKind.OVERDUE_FORWARD,
    Stage.RESOLVE: ViolationKind.OVERDUE_RESOLUTION,
    Stage.CALLBACK: ViolationKind.OVERDUE_CALLBACK,
}


def overdue_kind(stage: str) -> str:
    """The kind of violation an overrun of ``stage`` is; a stage without one is a bug."""
    try:
        return STAGE_KINDS[stage]
    except KeyError:
        raise ValueError(f"No violation kind for an overrun of stage {stage!r}.") from None


def _insert_once(violation: Violation, user: Login = None) -> Violation | None:
    """Save a violation with an origin; None if it already exists (maybe concurrently)."""
    try:
        with transaction.atomic():
            save_with_user(violation, user)
            record_event(violation, ViolationAction.REPORT, user=user, at=violation.reported_at)
    except IntegrityError:
        return None
    return violation


# What a violation needs of an overdue stage, read from its clock or from the sweep's alert
# of it (which carries the clock's stage, department and person): the same names on both,
# except these.
_OVERDUE_SOURCE = {  # model: (the clock's id, the deadline)
    StageClock: ("pk", "due_at"),
    StageAlert: ("clock", "crossed_at"),
}


def record_overdue_violations(
    *, clocks: QuerySet[StageClock] | QuerySet[StageAlert], now: datetime
) -> list[int]:
    """Suspected violations for the overdue stage clocks in ``clocks`` (or the stages of the
    overdue alerts in it), one per clock however often it is recorded; returns the primary
    keys of those this call created.

    The person responsible for the stage answers for it, or the head of its department when
    nobody is (a stage without either is logged and skipped). After a downtime the sweep
    hands over thousands of clocks at once, so the database makes the violations, their
    history rows and their "reported" timeline lines from the clocks (INSERT … SELECT): a
    fixed number of statements and no model instance per row. The unique origin per
    organisation keeps each one single, also when two runs record the same clock at once.
    """
    clock, due_at = _OVERDUE_SOURCE[clocks.model]
    clocks = clocks.order_by(clock)
    nobody = Q(responsible=None, department__head=None)
    for pk, stage in clocks.filter(~Q(stage__in=list(STAGE_KINDS)) | nobody).values_list(
        clock, "stage"
    ):
        overdue_kind(stage)  # a stage without a kind of violation is a bug: raises
        logger.warning("overdue stage clock:%s: nobody to hold responsible, skipped", pk)
    with transaction.atomic():
        created = insert_from(
            Violation,
            clocks.exclude(nobody),
            {
                "organisation": F("case__organisation"),
                "staff": Coalesce("responsible", "department__head"),
                "department": F("department"),
                "case": F("case"),
                "kind": mapped("stage", STAGE_KINDS),
                "source": Source.SWEEP,
                "stage": F("stage"),
                "origin": formatted("overdue:clock:%(pk)s", pk=F(clock)),
                "evidence": formatted(
                    _("Case %(number)s: stage “%(stage)s” was due at %(due)s."),
                    number=F("case__number"),
                    stage=choice_label("stage", Stage.choices),
                    due=local_minute(due_at),
                ),
                "occurred_at": F(due_at),
                "reported_at": now,
            },
            skip_conflicts=True,
        )
        insert_history(Violation, created)  # the system reported them: no login
        _record_reports(created)
    return created


def _record_reports(pks: Iterable[int]) -> None:
    """The "reported" line on the timeline of each new violation; the system reported
    them, so no actor and no login."""
    for violations in with_pks(Violation.objects.order_by("pk"), pks):
        insert_from(
            ViolationEvent,
            violations,
            {
                "violation": F("pk"),
                "at": F("reported_at"),
                "action": ViolationAction.REPORT,
                "from_state": "",
                "to_state": F("state"),
                "note": "",
            },
        )


def violation_from_complaint(case: Case, *, at: datetime | None = None) -> Violation | None:
    """The suspected violation of a complaint case about a staff member (once per case),
    linked to the earlier complaint it repeats, if any (``repeats``)."""
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
    created = _insert_once(violation)
    if created is None:
        return Violation.objects.get(organisation=case.organisation_id, origin=origin)
    link_repeat(created, at=created.reported_at)
    return created


def violation_from_rejected_return(
    transfer: Transfer, *, by: Login | None = None, at: datetime | None = None
) -> Violation | None:
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
    *,
    by: Login,
    staff: Staff,
    kind: str,
    evidence: str,
    source: str = Source.SUPERVISOR,
    case: Case | None = None,
    occurred_at: datetime | None = None,
    at: datetime | None = None,
) -> Violation:
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
    save_with_user(violation, by)
    record_event(violation, ViolationAction.REPORT, user=by, at=at)
    link_repeat(violation, at=at)  # the system's finding, not the reporter's
    return violation
