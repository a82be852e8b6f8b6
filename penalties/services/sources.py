"""Where violations come from: the deadline sweep, public complaints, supervisors.

The sweep and the complaint page may run twice for the same thing; each of their
violations carries an ``origin`` key that is unique per organisation, so it exists once.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.choices import Stage
from cases.models import Case, Transfer
from departments.access import staff_of
from departments.models import Department, Staff
from firstask.workflow import Login, now_or, required_text

from .. import permissions
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Source, Violation, ViolationAction, ViolationEvent, ViolationKind
from .base import acting_staff, record_event

logger = logging.getLogger(__name__)

# Case stages of the time-limit policy → the kind of violation their overrun is.
STAGE_KINDS = {
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


def record_overdue_violations(*, overdue: Iterable[OverdueStage], now: datetime) -> list[Violation]:
    """Suspected violations for overdue stages, one per stage key; returns the new ones.

    The sweep hands over every overdue stage of its run at once, thousands after a
    downtime, so this costs a fixed number of statements whatever their number: one read
    of the origins already recorded, one each for the cases, the people and the heads
    answering for stages without a person, and bulk inserts of the violations, their
    history rows and their timeline lines.
    """
    overdue = list(overdue)
    if not overdue:
        return []
    with transaction.atomic():
        violations = _overdue_violations(overdue, now)
        created = _insert_new(violations)
        _record_reports(created)
    return created


def _overdue_violations(overdue, now):
    """Unsaved violations for the stages not recorded yet, ordered by organisation and origin.

    Cases are read as plain values, not model instances: there may be thousands.
    """
    cases = {
        pk: (organisation_id, number)
        for ids in _batches({item.case_id for item in overdue})
        for pk, organisation_id, number in Case.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "organisation_id", "number")
    }
    staff = Staff.objects.order_by().in_bulk({item.staff_id for item in overdue if item.staff_id})
    heads = {
        department.pk: department.head
        for department in Department.objects.select_related("head").filter(
            pk__in={item.department_id for item in overdue if not item.staff_id}
        )
    }
    recorded = _recorded_origins({f"overdue:{item.key}" for item in overdue})
    evidence = _("Case %(number)s: stage “%(stage)s” was due at %(due)s.")
    zone = timezone.get_current_timezone()
    violations = {}
    for item in overdue:
        organisation_id, number = cases.get(item.case_id, (None, None))
        person = staff.get(item.staff_id) if item.staff_id else heads.get(item.department_id)
        if organisation_id is None or person is None:
            logger.warning("overdue stage %s: nobody to hold responsible, skipped", item.key)
            continue
        origin = f"overdue:{item.key}"
        once = (organisation_id, origin)
        if once in recorded or once in violations:
            continue
        due = item.due_at.astimezone(zone)
        violations[once] = violation = Violation(
            organisation_id=organisation_id,
            staff=person,
            department_id=item.department_id or person.department_id,
            case_id=item.case_id,
            kind=overdue_kind(item.stage),
            source=Source.SWEEP,
            stage=item.stage,
            origin=origin,
            evidence=evidence
            % {"number": number, "stage": _stage_label(item.stage), "due": f"{due:%Y-%m-%d %H:%M}"},
            occurred_at=item.due_at,
            reported_at=now,
        )
        violation._history_user = None  # the system reported it, whoever is logged in
    # One order for every run: two runs inserting the same origins at once take the unique
    # index entries in the same order, so one waits for the other instead of deadlocking.
    return [violations[key] for key in sorted(violations)]


def _stage_label(stage):
    return Stage(stage).label if stage in Stage.values else stage


def _recorded_origins(origins):
    """(organisation id, origin) pairs of the violations with one of ``origins``."""
    return {
        pair
        for batch in _batches(origins)
        for pair in Violation.objects.filter(origin__in=batch)
        .order_by()
        .values_list("organisation_id", "origin")
    }


def _batches(values, other_params=0):
    """``values`` in lists one IN (…) can take: all at once on PostgreSQL, while SQLite
    limits the parameters of a statement (as ``in_bulk`` does)."""
    values = list(values)
    limit = connection.features.max_query_params
    size = limit - other_params if limit else len(values) or 1
    return [values[start : start + size] for start in range(0, len(values), size)]


def _record_reports(violations):
    """The "reported" line on the timeline of each new violation.

    Written by the database in one INSERT … SELECT from the violations, as the sweep writes
    the case timeline: thousands of model instances would cost more than the insert.
    The system reported them, so no actor and no login.
    """
    events, violations_table = (
        connection.ops.quote_name(model._meta.db_table) for model in (ViolationEvent, Violation)
    )
    with connection.cursor() as cursor:
        for ids in _batches([violation.pk for violation in violations], other_params=1):
            cursor.execute(
                f"""
                INSERT INTO {events} (violation_id, at, action, from_state, to_state, note)
                SELECT id, reported_at, %s, '', state, ''
                FROM {violations_table}
                WHERE id IN ({", ".join(["%s"] * len(ids))})
                ORDER BY id""",
                [ViolationAction.REPORT.value, *ids],
            )


def _insert_new(violations):
    """Insert the violations with their history rows; returns those this call inserted.

    The unique origin per organisation is the guarantee: if another run inserted some of
    them after we looked, the insert fails as a whole and is rolled back to its savepoint
    (on PostgreSQL only once that run committed, so its rows are visible then); we drop
    what it recorded and insert the rest.
    """
    while violations:
        try:
            with transaction.atomic():
                return bulk_create_with_history(violations, Violation)
        except IntegrityError:
            recorded = _recorded_origins({violation.origin for violation in violations})
            remaining = [v for v in violations if (v.organisation_id, v.origin) not in recorded]
            if len(remaining) == len(violations):
                raise  # not a concurrent duplicate: a real error
            violations = remaining
    return []


def violation_from_complaint(case: Case, *, at: datetime | None = None) -> Violation | None:
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
    violation._history_user = by
    violation.save()
    record_event(violation, ViolationAction.REPORT, user=by, at=at)
    return violation
