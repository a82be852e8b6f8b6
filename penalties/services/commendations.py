"""Commendations (表扬): public praise at callback, supervisors, and good quarters."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Callback, Case
from departments.models import Department, Organisation, Staff
from firstask.workflow import Login, now_or, required_text

from .. import metrics, permissions
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Commendation, CommendationSource, PenaltyRuleSet
from ..periods import Period
from . import ratings
from .base import acting_staff


def _year(at):
    # The ledger's years are the organisation's (the default time zone), never a viewer's.
    return timezone.localtime(at, timezone.get_default_timezone()).year


def _create_once(commendation):
    """Save a commendation with an origin; None if it exists already (maybe concurrently)."""
    existing = Commendation.objects.filter(
        organisation=commendation.organisation_id, origin=commendation.origin
    ).first()
    if existing is not None:
        return None
    try:
        with transaction.atomic():
            commendation.save()
            _rerate(commendation)
    except IntegrityError:
        return None
    return commendation


def _rerate(commendation):
    if commendation.staff_id:
        ratings.rebuild_staff_rating(commendation.staff, commendation.year)
    else:
        ratings.rebuild_department_rating(commendation.department, commendation.year)


def commendation_from_praise(callback: Callback) -> Commendation | None:
    """Commend whoever handled the case when the person praised the staff at callback
    (the handler, or the first-inquiry person for a case handled on the spot). Once per
    callback; returns the commendation or None."""
    if not callback.praise:
        return None
    case = callback.case
    staff = case.handler or case.first_staff
    origin = f"praise:{callback.pk}"
    commendation = Commendation(
        organisation_id=case.organisation_id,
        staff=staff,
        department_id=staff.department_id,
        source=CommendationSource.PUBLIC_PRAISE,
        case=case,
        at=callback.at,
        year=_year(callback.at),
        reason=callback.note
        or _("Praised by the person at the callback of case %(number)s.") % {"number": case},
        origin=origin,
    )
    return _create_once(commendation) or Commendation.objects.get(
        organisation=case.organisation_id, origin=origin
    )


@transaction.atomic
def commendation_record(
    *,
    by: Login,
    reason: str,
    staff: Staff | None = None,
    department: Department | None = None,
    case: Case | None = None,
    at: dt.datetime | None = None,
) -> Commendation:
    """A supervisor commends a staff member, or a department as a whole."""
    recorder = acting_staff(by)
    if not permissions.may_report(by):
        raise ActionNotAllowed(_("Only supervisors record commendations."))
    if staff is not None:
        department = staff.department
    if department is None:
        raise InvalidInput(_("Choose a staff member or a department."), field="staff")
    for obj, field in ((department, "department"), (case, "case")):
        if obj is not None and obj.organisation_id != recorder.organisation_id:
            raise InvalidInput(_("Must belong to the same organisation."), field=field)
    at = now_or(at)
    commendation = Commendation(
        organisation_id=recorder.organisation_id,
        staff=staff,
        department=department,
        source=CommendationSource.SUPERVISOR,
        case=case,
        at=at,
        year=_year(at),
        reason=required_text(reason, "reason", _("Say what is commended.")),
        recorded_by=recorder,
    )
    commendation._history_user = by
    commendation.save()
    _rerate(commendation)
    return commendation


def _qualifies(numbers, rule_set):
    on_time = numbers.on_time_rate
    return (
        numbers.violations == 0
        and numbers.resolved >= rule_set.commend_min_cases
        and numbers.rated > 0
        and numbers.satisfaction_rate >= rule_set.commend_min_satisfaction
        and (on_time is None or on_time >= rule_set.commend_min_on_time)
    )


def _reason(numbers, period):
    return _(
        "%(period)s: no substantiated violation, %(cases)s cases, %(on_time).1f %% on time, "
        "%(satisfaction).1f %% satisfied."
    ) % {
        "period": period.label,
        "cases": numbers.resolved,
        "on_time": numbers.on_time_rate if numbers.timed else 100,
        "satisfaction": numbers.satisfaction_rate,
    }


def award_quarter(
    *, organisation: Organisation, period: Period, now: dt.datetime
) -> list[Commendation]:
    """Commend every staff member and department whose quarter meets the organisation's
    thresholds; once per subject and quarter. Returns the new commendations."""
    rule_set = PenaltyRuleSet.objects.filter(organisation=organisation, is_active=True).first()
    if rule_set is None or not rule_set.commend_quarterly:
        return []
    staff_numbers = metrics.compute(organisation, period, metrics.STAFF, now=now)
    department_numbers = metrics.compute(organisation, period, metrics.DEPARTMENT, now=now)
    departments = {
        s.pk: s.department_id for s in Staff.objects.filter(pk__in=staff_numbers, is_active=True)
    }
    subjects = [
        (staff_id, departments[staff_id], numbers)
        for staff_id, numbers in staff_numbers.items()
        if staff_id in departments
    ] + [(None, department_id, numbers) for department_id, numbers in department_numbers.items()]
    created = []
    for staff_id, department_id, numbers in subjects:
        if department_id is None or not _qualifies(numbers, rule_set):
            continue
        who = f"staff:{staff_id}" if staff_id else f"department:{department_id}"
        commendation = Commendation(
            organisation=organisation,
            staff_id=staff_id,
            department_id=department_id,
            source=CommendationSource.QUARTER,
            period_start=period.start,
            period_end=period.end - dt.timedelta(days=1),
            at=now,
            year=period.start.year,
            reason=_reason(numbers, period),
            origin=f"quarter:{period.label}:{who}",
        )
        if _create_once(commendation):
            created.append(commendation)
    return created
