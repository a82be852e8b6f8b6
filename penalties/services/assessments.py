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

from cases.models import Case
from departments.access import has_role
from departments.models import Department, Organisation, Staff
from departments.roles import Role
from departments.schedules import ASSESSMENTS, taking_part
from firstask.queue import enqueue_for_organisation
from firstask.workflow import Login, save_with_user

from .. import metrics
from ..errors import ActionNotAllowed
from ..metrics import daily
from ..models import Assessment, AssessmentPeriod, AssessmentSettings
from ..periods import MONTH, QUARTER, YEAR, Period, current_period, parse_period, previous_period
from .base import acting_staff

logger = logging.getLogger(__name__)
HUNDRED = Decimal(100)
# Records of a period's last day (late callbacks, the commendations sweep) settle first.
GRACE = dt.timedelta(hours=1)
# Enqueued by name through the outbox (the task imports this side, never the reverse).
ASSESS = "penalties.tasks.assess"
# How often the sweep refreshes the running month's provisional assessment.
REFRESH = dt.timedelta(hours=1)


def score(numbers: metrics.Numbers, settings: AssessmentSettings) -> Decimal | None:
    """Weighted mean of the rates that measured something (100 − rate where less is
    better), minus points per violation, plus per commendation; None when no weighted
    rate measured anything.

    A rate with nothing to measure (no case to resolve, nobody called back) is left out and
    the weights of the others are rescaled to the whole: nothing measured is not full marks.
    """
    points, total = Decimal(0), 0
    for name, weight in settings.weights().items():
        value = getattr(numbers, name)
        if value is None or not weight:
            continue
        if name in metrics.LOWER_IS_BETTER:
            value = HUNDRED - value
        points += weight * value
        total += weight
    if not total:
        return None
    adjusted = (
        points / total
        - numbers.violations * settings.points_per_violation
        + numbers.commendations * settings.points_per_commendation
    )
    return adjusted.quantize(Decimal("0.01"))


def ranked(numbers: metrics.Numbers, value: Decimal | None, settings: AssessmentSettings) -> bool:
    """Whether a subject takes part in the ranking (参评): it handled at least the
    organisation's minimum of cases in the period and has a score."""
    return value is not None and numbers.handled >= max(settings.minimum_volume, 1)


def rank(scores: dict[int, Decimal], bottom_count: int) -> dict[int, tuple[int, bool]]:
    """{subject: (rank, is_bottom)} of the subjects ranked: equal scores share a rank
    (1, 2, 2, 4); the last ``bottom_count`` places are flagged when there are more subjects
    than that, but a tie across the line is not (the benefit of the doubt goes to the
    subject)."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    size = len(ordered)
    ranks: dict[int, tuple[int, bool]] = {}
    for position, (subject, value) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        place = ranks[previous[0]][0] if previous and previous[1] == value else position
        ranks[subject] = (place, size > bottom_count and place > size - bottom_count)
    return ranks


def assessment_rows(
    organisation: Organisation,
    run: AssessmentPeriod | None,
    level: str,
    subjects: dict[int, int],
    numbers: dict[int, metrics.Numbers],
    settings: AssessmentSettings,
) -> list[Assessment]:
    """Assessment rows for ``subjects`` ({id: department id}), ranked among themselves.

    A subject below the minimum volume is not ranked (rank empty, never a bottom place).
    """
    formula = settings.satisfaction_formula
    found = {pk: numbers.get(pk) or metrics.Numbers(formula=formula) for pk in subjects}
    scores = {pk: score(n, settings) for pk, n in found.items()}
    places = rank(
        {
            pk: value
            for pk, value in scores.items()
            if value is not None and ranked(found[pk], value, settings)
        },
        settings.bottom_count,
    )
    rows = []
    for pk, n in found.items():
        place, is_bottom = places.get(pk, (None, False))
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
                rank=place,
                is_bottom=is_bottom,
                **n.rates(),
            )
        )
    return rows


@transaction.atomic
def assess_period(
    *,
    organisation: Organisation,
    period: Period,
    now: dt.datetime,
    by: Staff | None = None,
    unless_final: bool = False,
) -> AssessmentPeriod:
    """Compute (or recompute) one period's assessment; refused once the period is locked.
    With ``unless_final`` (the beat's sweep), a final assessment is left as it is: two
    sweeps running at once compute a period once.

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
    if unless_final and not created and not run.provisional:
        return run
    settings = AssessmentSettings.for_organisation(organisation)
    departments = {
        d.pk: d.pk
        for d in Department.objects.filter(organisation=organisation, is_active=True).only("pk")
    }
    # From the daily summary tables (the days not final yet counted live): the same numbers
    # as ``metrics.compute``, without aggregating the period's cases.
    by_department = daily.period_numbers(organisation, period, metrics.DEPARTMENT, now=now)
    by_staff = daily.period_numbers(organisation, period, metrics.STAFF, now=now)
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
    enqueue_for_organisation(organisation.pk, ASSESS, organisation.pk, period.label, staff.pk)
    return period


def assess_requested(organisation_id: int, label: str, staff_id: int) -> int | None:
    """The worker's side of ``assessment_request``; None when the period was locked since."""
    period = parse_period(label)
    if period is None:  # the request names its period by a label it made
        raise ValueError(f"No period is labelled {label!r}.")
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
    save_with_user(run, by, update_fields=["locked_at", "locked_by"])
    return run


def _supervisor(user: Login, organisation: Organisation | int) -> Staff:
    staff = acting_staff(user)
    organisation_id = getattr(organisation, "pk", organisation)
    if staff.organisation_id != organisation_id or not has_role(user, Role.SUPERVISOR):
        raise ActionNotAllowed(_("Only supervisors run and lock assessments."))
    return staff


def assessments_sweep(now: dt.datetime) -> int:
    """Assess, for every organisation taking part in assessments, each closed month,
    quarter and year that has no final assessment yet, from the first month with a case
    up to the last one closed (so periods missed while the workers were down are caught
    up), and refresh the running month's provisional one at most once an hour (the
    dashboard and the rankings of open periods read it). Returns how many periods were
    computed. Safe to run twice, late or at once; locked periods are left alone, and so
    are the organisations that switched their assessments off."""
    tz = timezone.get_default_timezone()
    done = 0
    for organisation in taking_part(ASSESSMENTS).filter(is_active=True).order_by("pk"):
        # The daily summary tables first: the assessments below read them.
        daily.sweep_daily_counts(now, [organisation])
        for period in unassessed_periods(organisation, now):
            try:
                assess_period(organisation=organisation, period=period, now=now, unless_final=True)
            except ActionNotAllowed:  # locked meanwhile
                continue
            done += 1
        running = current_period(MONTH, now, tz)
        fresh = AssessmentPeriod.objects.filter(
            organisation=organisation, label=running.label, computed_at__gt=now - REFRESH
        )
        if not fresh.exists():
            assess_period(organisation=organisation, period=running, now=now)
            done += 1
    return done


def closed_periods(organisation: Organisation, now: dt.datetime) -> list[Period]:
    """Every month, quarter and year of ``organisation`` that has closed (an hour's grace
    after its end), from the first month with a case or an assessment; months first, then
    quarters and years."""
    tz = timezone.get_default_timezone()
    first_case = (
        Case.objects.filter(organisation=organisation)
        .order_by("registered_at")
        .values_list("registered_at", flat=True)
        .first()
    )
    first_run = (  # a month's: a quarter's or a year's would reach back before the first case
        AssessmentPeriod.objects.filter(organisation=organisation, kind=MONTH)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    days = [day for day in (first_run,) if day is not None]
    if first_case is not None:
        days.append(timezone.localtime(first_case, tz).date())
    if not days:
        return []
    first_day = min(days)
    found: list[Period] = []
    for kind in (MONTH, QUARTER, YEAR):
        period = previous_period(kind, now - GRACE, tz)
        chain = []
        while period.end > first_day:
            chain.append(period)
            period = period.previous()
        found += reversed(chain)
    return found


def unassessed_periods(organisation: Organisation, now: dt.datetime) -> list[Period]:
    """The closed periods (``closed_periods``) without a final or locked assessment."""
    final = set(
        AssessmentPeriod.objects.filter(organisation=organisation)
        .filter(Q(provisional=False) | Q(locked_at__isnull=False))
        .values_list("label", flat=True)
    )
    return [period for period in closed_periods(organisation, now) if period.label not in final]
