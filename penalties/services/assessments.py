"""Assessments (考核): period snapshots of every department's and staff member's metrics,
a weighted score, the rank and the bottom places.

A run replaces the rows of its period, and only those, in one transaction; a locked
period is never recomputed, so corrections recorded later do not change a published
ranking. The beat task assesses each month, quarter and year once it has closed.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.access import has_role
from departments.models import Department, Organisation, Staff
from departments.roles import Role
from departments.schedules import ASSESSMENTS, taking_part
from firstask.queue import enqueue_for_organisation
from firstask.workflow import Login

from .. import metrics
from ..errors import ActionNotAllowed
from ..models import Assessment, AssessmentPeriod, AssessmentSettings
from ..periods import MONTH, QUARTER, YEAR, Period, current_period, parse_period, previous_period
from .base import acting_staff

logger = logging.getLogger(__name__)
HUNDRED = Decimal(100)
# Records of a period's last day (late callbacks, the commendations sweep) settle first.
GRACE = dt.timedelta(hours=1)


def score(numbers: metrics.Numbers, settings: AssessmentSettings) -> Decimal:
    """Weighted mean of the rates (100 − rate where less is better; a rate with nothing to
    measure counts as full marks), minus points per violation, plus per commendation."""
    weights = settings.weights()
    total = sum(weights.values())
    base = HUNDRED
    if total:
        points = Decimal(0)
        for name, weight in weights.items():
            value = getattr(numbers, name)
            if value is None:
                value = HUNDRED if name not in metrics.LOWER_IS_BETTER else Decimal(0)
            if name in metrics.LOWER_IS_BETTER:
                value = HUNDRED - value
            points += weight * value
        base = points / total
    adjusted = (
        base
        - numbers.violations * settings.points_per_violation
        + numbers.commendations * settings.points_per_commendation
    )
    return adjusted.quantize(Decimal("0.01"))


def rank(scores: dict, bottom_count: int) -> dict:
    """{subject: (rank, is_bottom)}: equal scores share a rank (1, 2, 2, 4); the last
    ``bottom_count`` places are flagged when there are more subjects than that, but a tie
    across the line is not (the benefit of the doubt goes to the subject)."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    size, ranks = len(ordered), {}
    for position, (subject, value) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        place = ranks[previous[0]][0] if previous and previous[1] == value else position
        ranks[subject] = (place, size > bottom_count and place > size - bottom_count)
    return ranks


def assessment_rows(
    organisation: Organisation,
    run: AssessmentPeriod,
    level: str,
    subjects: dict[int, int],
    numbers: dict[int, metrics.Numbers],
    settings: AssessmentSettings,
) -> list[Assessment]:
    """Assessment rows for ``subjects`` ({id: department id}), ranked among themselves."""
    formula = settings.satisfaction_formula
    found = {pk: numbers.get(pk) or metrics.Numbers(formula=formula) for pk in subjects}
    scores = {pk: score(n, settings) for pk, n in found.items()}
    places = rank(scores, settings.bottom_count)
    rows = []
    for pk, n in found.items():
        rows.append(
            Assessment(
                organisation=organisation,
                period=run,
                department_id=subjects[pk],
                staff_id=pk if level == metrics.STAFF else None,
                counts=n.counts(),
                registered=n.registered,
                transferred=n.transferred,
                resolved=n.resolved,
                violations=n.violations,
                penalties=n.penalties,
                commendations=n.commendations,
                score=scores[pk],
                rank=places[pk][0],
                is_bottom=places[pk][1],
                **n.rates(),
            )
        )
    return rows


@transaction.atomic
def assess_period(
    *, organisation: Organisation, period: Period, now: dt.datetime, by: Staff | None = None
) -> AssessmentPeriod:
    """Compute (or recompute) one period's assessment; refused once the period is locked.

    Departments: every active department. Staff: every active staff member, and anyone
    else with a number in the period.
    """
    run, created = AssessmentPeriod.objects.select_for_update().get_or_create(
        organisation=organisation,
        label=period.label,
        defaults={
            "kind": period.kind,
            "start": period.start,
            "end": period.end,
            "computed_at": now,
            "computed_by": by,
            "provisional": _open(period, now),
        },
    )
    if run.is_locked:
        raise _locked(period)
    settings = AssessmentSettings.for_organisation(organisation)
    departments = {
        d.pk: d.pk
        for d in Department.objects.filter(organisation=organisation, is_active=True).only("pk")
    }
    by_department = metrics.compute(organisation, period, metrics.DEPARTMENT, now=now)
    by_staff = metrics.compute(organisation, period, metrics.STAFF, now=now)
    staff = dict(
        Staff.objects.filter(organisation=organisation)
        .filter(is_active=True)
        .values_list("pk", "department_id")
    )
    staff |= dict(
        Staff.objects.filter(pk__in=set(by_staff) - set(staff)).values_list("pk", "department_id")
    )
    run.rows.all().delete()
    Assessment.objects.bulk_create(
        assessment_rows(organisation, run, metrics.DEPARTMENT, departments, by_department, settings)
        + assessment_rows(organisation, run, metrics.STAFF, staff, by_staff, settings)
    )
    if not created:
        run.computed_at, run.computed_by, run.provisional = now, by, _open(period, now)
        run.save(update_fields=["computed_at", "computed_by", "provisional"])
    return run


def _locked(period: Period) -> ActionNotAllowed:
    return ActionNotAllowed(
        _("The assessment of %(period)s is locked and is not computed again.")
        % {"period": period.label}
    )


def _open(period: Period, now: dt.datetime) -> bool:
    return period.bounds(timezone.get_default_timezone())[1] > now


def assessment_compute(
    *, by: Login, organisation: Organisation, period: Period, now: dt.datetime | None = None
) -> AssessmentPeriod:
    """A supervisor (re)computes a period's assessment, here and now."""
    staff = _supervisor(by, organisation)
    return assess_period(
        organisation=organisation, period=period, now=now or timezone.now(), by=staff
    )


def assessment_request(*, by: Login, organisation: Organisation, period: Period) -> Period:
    """A supervisor asks for a period's assessment from the admin: who asks and whether the
    period is locked are checked now, the computing is a worker's (a year of a million cases
    takes seconds, longer than a page should wait). The request is an outbox row of this
    transaction, so it is never lost and never waits on the broker."""
    staff = _supervisor(by, organisation)
    locked = AssessmentPeriod.objects.filter(
        organisation=organisation, label=period.label, locked_at__isnull=False
    )
    if locked.exists():
        raise _locked(period)
    from ..tasks import assess

    enqueue_for_organisation(organisation.pk, assess, organisation.pk, period.label, staff.pk)
    return period


def assess_requested(organisation_id: int, label: str, staff_id: int) -> int | None:
    """The worker's side of ``assessment_request``; None when the period was locked since."""
    period = parse_period(label)
    organisation = Organisation.objects.get(pk=organisation_id)
    staff = Staff.objects.filter(pk=staff_id).first()
    try:
        run = assess_period(organisation=organisation, period=period, now=timezone.now(), by=staff)
    except ActionNotAllowed as refused:
        logger.info(
            "assessment of %s for organisation %s not computed: %s", label, organisation_id, refused
        )
        return None
    return run.pk


@transaction.atomic
def assessment_lock(
    *, by: Login, run: AssessmentPeriod, now: dt.datetime | None = None
) -> AssessmentPeriod:
    """Freeze a closed period's published ranking."""
    staff = _supervisor(by, run.organisation_id)
    now = now or timezone.now()
    run = AssessmentPeriod.objects.select_for_update().get(pk=run.pk)
    if run.is_locked:
        raise ActionNotAllowed(_("This assessment is locked already."))
    tz = timezone.get_default_timezone()
    if Period(run.label, run.start, run.end).bounds(tz)[1] > now:
        raise ActionNotAllowed(_("Only a period that has ended can be locked."))
    if run.provisional:
        raise ActionNotAllowed(
            _("Compute this assessment again now that the period has ended, then lock it.")
        )
    run.locked_at, run.locked_by = now, staff
    run._history_user = by
    run.save(update_fields=["locked_at", "locked_by"])
    return run


def _supervisor(user, organisation):
    staff = acting_staff(user)
    organisation_id = getattr(organisation, "pk", organisation)
    if staff.organisation_id != organisation_id or not has_role(user, Role.SUPERVISOR):
        raise ActionNotAllowed(_("Only supervisors run and lock assessments."))
    return staff


def assessments_sweep(now: dt.datetime) -> int:
    """Assess every organisation's last closed month, quarter and year that has no final
    assessment yet, and refresh the running month's provisional one (the dashboard and the
    rankings of open periods read it); returns how many periods were computed. Safe to run
    twice or late; locked periods are left alone, and so are the organisations that
    switched their assessments off."""
    tz = timezone.get_default_timezone()
    done = 0
    organisations = list(taking_part(ASSESSMENTS).filter(is_active=True).order_by("pk"))
    due = [previous_period(kind, now - GRACE, tz) for kind in (MONTH, QUARTER, YEAR)]
    due.append(current_period(MONTH, now, tz))
    for period in due:
        final = AssessmentPeriod.objects.filter(label=period.label).filter(
            Q(provisional=False) | Q(locked_at__isnull=False)
        )
        skip = set(final.values_list("organisation", flat=True))
        for organisation in organisations:
            if organisation.pk not in skip:
                assess_period(organisation=organisation, period=period, now=now)
                done += 1
    return done
