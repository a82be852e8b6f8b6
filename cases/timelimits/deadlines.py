"""Business rules of time limits: which policy applies, when a stage is due, when it warns,
how a pause moves a deadline and how far an extension may go.

Plain functions of policies, a WorkCalendar and moments: no clock is read here, and only
``policy_for`` touches the database (through ``StampedCache``, one small query).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from departments.calendar.workcalendar import Unit, WorkCalendar
from firstask.stamped_cache import StampedCache, fresh

from ..choices import LimitTier, Stage
from ..models import TimeLimitPolicy


def _specificity(policy):
    # A matter is the narrowest criterion, then the channel, then the kind of case: the
    # regulations set limits per channel whatever the request is about (letters and visits
    # 30 days, web inquiries and complaints 2 working days, seed 004), so a complaint sent by
    # letter follows the letters-and-visits rules, not the general complaint limit.
    return 4 * (policy.matter_id is not None) + 2 * bool(policy.channel) + bool(policy.kind)


def matching_policy(policies, *, kind, channel, matter_id):
    """The most specific policy whose criteria all fit the case, or None."""
    fitting = [
        p
        for p in policies
        if p.kind in ("", kind) and p.channel in ("", channel) and p.matter_id in (None, matter_id)
    ]
    return max(fitting, key=_specificity, default=None)


_policies = StampedCache("cases.TimeLimitPolicy")


def active_policies(organisation_id):
    """The organisation's active policies, kept per process: change none of them."""
    return _policies.get(
        organisation_id,
        "active",
        # No ordering: the model's default joins organisations and matters to sort, and
        # matching_policy needs none (the constraints allow no two equally specific).
        lambda: tuple(
            TimeLimitPolicy.objects.filter(organisation=organisation_id, is_active=True).order_by()
        ),
    )


def policy_for(case):
    """The active policy of the case's organisation that fits it best (one small query)."""
    policy = matching_policy(
        active_policies(case.organisation_id),
        kind=case.kind,
        channel=case.channel,
        matter_id=case.matter_id,
    )
    return fresh(policy)


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    warn_at: datetime


def warning_point(calendar: WorkCalendar, start, due, unit, share):
    """The moment ``share`` percent of the limit from ``start`` to ``due`` has gone.

    Limits in working days are measured in office time, so that a warning never falls on
    a night or a holiday; the other units are wall-clock time.
    """
    if Unit(unit) == Unit.WORKING_DAYS:
        span = calendar.working_time_between(start, due)
        if span <= timedelta(0):
            return due
        return calendar.add_working_time(start, span * share / 100)
    return start + (due - start) * share / 100


def stage_deadline(calendar: WorkCalendar, start, amount, unit, share) -> Deadline:
    due = calendar.deadline(start, amount, unit)
    return Deadline(due_at=due, warn_at=warning_point(calendar, start, due, unit, share))


def paused_time(calendar: WorkCalendar, unit, start, end) -> timedelta:
    """How far a pause from ``start`` to ``end`` moves a deadline in ``unit``.

    Working-day limits move by the office time that passed (a pause over a weekend costs
    nothing); limits in minutes, hours or calendar days by the wall-clock time.
    """
    if end <= start:
        return timedelta(0)
    if Unit(unit) == Unit.WORKING_DAYS:
        return calendar.working_time_between(start, end)
    return end - start


def moved(calendar: WorkCalendar, unit, moment, by: timedelta):
    """``moment`` moved later by ``by`` (office time for working-day limits)."""
    if moment is None or not by:
        return moment
    if Unit(unit) == Unit.WORKING_DAYS:
        return calendar.add_working_time(moment, by)
    return moment + by


def latest_extension(calendar: WorkCalendar, limit_due_at, max_extension):
    """The latest deadline an extension may set, or None when the policy sets no maximum.

    Measured from the deadline the limit gives (pauses included), so that several
    extensions together cannot exceed the maximum either; days from its last day
    (``WorkCalendar.extend``).
    """
    if max_extension is None or limit_due_at is None:
        return None
    amount, unit = max_extension
    return calendar.extend(limit_due_at, amount, unit)


def stage_limit(policy, stage, *, joint=False, tier=LimitTier.STANDARD):
    """(amount, unit) for the stage under ``policy`` and the case's limit tier; None without
    a policy or a limit."""
    if policy is None:
        return None
    return policy.limit_for(Stage(stage), joint=joint, tier=tier)
