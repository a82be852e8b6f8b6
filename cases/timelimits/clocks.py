"""Stage clocks follow the case: the service layer calls ``sync_stage_clock`` on every save,
which ends the clock of the stage the case left and starts the one of the stage it entered.

registered → forward (受理/转办); transferred, not signed for → sign-for (签收); signed for →
resolve (办结), from the moment of signing; resolved → callback (回访); called back or merged
into another case → none. Returns, re-transfers and reopening follow from the same rule.
"""

from datetime import timedelta

from departments.calendar.calendars import calendar_for
from departments.models import DutyRoster
from departments.models.roster import DutyRole, Shift

from ..choices import LimitTier, Stage, State
from ..models import ClockPause, StageClock, Transfer
from . import deadlines


def current_stage(case):
    """The stage the case is in now, or None when no time limit runs."""
    if case.merged_into_id is not None:  # handled and called back with its main case
        return None
    if case.state == State.REGISTERED:
        return Stage.FORWARD
    if case.state == State.TRANSFERRED:
        return Stage.SIGN_FOR if case.awaiting_sign_for else Stage.RESOLVE
    if case.state == State.RESOLVED:
        return Stage.CALLBACK
    return None


def stage_owner(case, stage):
    """(department id, responsible staff id or None) of a stage: who is warned."""
    if stage == Stage.CALLBACK:
        return case.first_department_id, case.first_staff_id
    if stage == Stage.RESOLVE:
        return case.current_department_id, case.handler_id
    if stage == Stage.FORWARD and case.current_department_id == case.first_department_id:
        return case.current_department_id, case.first_staff_id
    # Waiting to be signed for, or back at a department after a return: its head answers.
    return case.current_department_id, None


def calendar_of(case):
    """The working-day calendar of the case's organisation, kept on the case object for one
    service step as ``deadlines.policy_for`` keeps the policy: registration asks twice (the
    promise, then the first stage clock) and checks the calendar's stamp once."""
    memo = getattr(case, "_calendar_memo", None)
    if memo is not None and memo[0] == case.organisation_id:
        return memo[1]
    calendar = calendar_for(case.organisation_id)
    case._calendar_memo = (case.organisation_id, calendar)
    return calendar


def sync_stage_clock(case, at):
    """Make ``case.current_clock`` the clock of the stage the case is in now.

    Call it before saving the case (the caller saves ``current_clock`` with it), inside the
    transaction that holds the case's lock.
    """
    stage = current_stage(case)
    clock = case.current_clock if case.current_clock_id else None
    owner = stage_owner(case, stage) if stage else None
    if clock is not None and stage is not None and _same_stage(clock, case, stage, owner):
        if clock.responsible_id != owner[1]:  # a head gave the case to another handler
            clock.responsible_id = owner[1]
            clock.save(update_fields=["responsible"])
        return clock
    if clock is not None:
        end_clock(clock, at, organisation_id=case.organisation_id)
    case.current_clock = None if stage is None else _start(case, stage, owner, at)
    return case.current_clock


def _same_stage(clock, case, stage, owner):
    return (clock.round, clock.stage, clock.department_id) == (case.round, stage, owner[0])


def _start(case, stage, owner, at):
    policy = deadlines.policy_for(case)
    tier = limit_tier(case, stage, policy, at)
    limit = deadlines.stage_limit(policy, stage, tier=tier)
    clock = StageClock(
        case=case,
        round=case.round,
        stage=stage,
        department_id=owner[0],
        responsible_id=owner[1],
        policy=policy,
        tier=tier,
        started_at=at,
    )
    if limit is not None:
        clock.limit, clock.unit = limit
        clock.warning_share = policy.warning_share
        deadline = deadlines.stage_deadline(calendar_of(case), at, *limit, policy.warning_share)
        clock.limit_due_at = clock.due_at = deadline.due_at
        clock.warn_at = deadline.warn_at
        if stage == Stage.RESOLVE and case.promise_floor and clock.due_at < case.promise_floor:
            # Reclassified to a shorter matter: the promised date still holds.
            clock.limit_due_at = clock.due_at = case.promise_floor
    clock.save()
    return clock


def limit_tier(case, stage, policy, at, *, joint=None) -> LimitTier:
    """Which of the policy's limits the stage runs on, from the case itself (SPEC time-limit
    table; seed 004 §7 and the hospital's night-duty rule). Only tiers the policy sets a
    limit for are looked up, so a policy without them costs no query."""
    if policy is None:
        return LimitTier.STANDARD
    if stage == Stage.RESOLVE:
        if case.needs_approval and policy.approval_resolve_limit is not None:
            return LimitTier.APPROVAL
        if policy.joint_resolve_limit is not None and (_is_joint(case) if joint is None else joint):
            return LimitTier.JOINT
    if stage == Stage.FORWARD:
        if policy.night_duty_limit is not None and _on_night_duty(case, at):
            return LimitTier.NIGHT_DUTY
        if policy.own_duty_limit is not None and _own_duty(case):
            return LimitTier.OWN_DUTY
    return LimitTier.STANDARD


def _on_night_duty(case, at):
    """Registered just now by the staff member on overall duty (总值班) at night or on a
    holiday: they go to the site themselves."""
    if case.round != 1 or at != case.registered_at:
        return False
    return any(
        entry.staff_id == case.first_staff_id and entry.shift in (Shift.NIGHT, Shift.HOLIDAY)
        for entry in DutyRoster.objects.on_duty(case.organisation_id, at, role=DutyRole.OVERALL)
    )


def _own_duty(case):
    """The matter is on the first-inquiry person's own department's duty list, and the case
    is still with that department: they settle it themselves (属于自身职责范围)."""
    if case.matter_id is None or case.current_department_id != case.first_department_id:
        return False
    return case.matter.department_id == case.first_department_id


def follow_new_policy(case):
    """After a reclassification, the running stage takes the new policy's limit, counted
    from when the stage started, unless that would bring its deadline forward."""
    clock = case.current_clock if case.current_clock_id else None
    if clock is None or not clock.is_open:
        return
    policy = deadlines.policy_for(case)
    tier = limit_tier(case, clock.stage, policy, clock.started_at)
    limit = deadlines.stage_limit(policy, clock.stage, tier=tier)
    if limit is None:
        return
    calendar = calendar_for(case.organisation_id)
    deadline = deadlines.stage_deadline(calendar, clock.started_at, *limit, policy.warning_share)
    due, warn = deadline.due_at, deadline.warn_at
    if clock.paused_total:
        due = deadlines.moved(calendar, limit[1], due, clock.paused_total)
        warn = deadlines.moved(calendar, limit[1], warn, clock.paused_total)
    if clock.due_at is not None and due <= clock.due_at:
        return
    clock.policy = policy
    clock.tier = tier
    clock.limit, clock.unit = limit
    clock.warning_share = policy.warning_share
    clock.limit_due_at = clock.due_at = due
    clock.warn_at = warn
    clock.save(
        update_fields=[
            "policy",
            "tier",
            "limit",
            "unit",
            "warning_share",
            "limit_due_at",
            "due_at",
            "warn_at",
        ]
    )


def _is_joint(case):
    """Assisting departments (协办) take part: the multi-department limit applies."""
    return (
        case.current_transfer_id is not None
        and Transfer.objects.filter(lead_transfer=case.current_transfer_id).exists()
    )


def end_clock(clock, at, *, organisation_id):
    if clock.paused_since is not None:
        # The stage ended while the person still owed materials (e.g. resolved with a
        # one-time notification): the pause ends with it.
        end_pause(clock, at, by=None, organisation_id=organisation_id)
    clock.met_at = at
    clock.save(update_fields=["met_at"])


def end_pause(clock, at, *, by, organisation_id):
    """Restart a paused clock: its deadlines move by the paused time. Returns the pause."""
    pause = ClockPause.objects.get(clock=clock, ended_at__isnull=True)
    shift = None
    if clock.due_at is not None:
        calendar = calendar_for(organisation_id)
        shift = deadlines.paused_time(calendar, clock.unit, clock.paused_since, at)
        clock.due_at = deadlines.moved(calendar, clock.unit, clock.due_at, shift)
        clock.limit_due_at = deadlines.moved(calendar, clock.unit, clock.limit_due_at, shift)
        clock.warn_at = deadlines.moved(calendar, clock.unit, clock.warn_at, shift)
        clock.paused_total = (clock.paused_total or timedelta(0)) + shift
    clock.paused_since = None
    # Only the fields this function owns: a concurrent save elsewhere keeps its own.
    clock.save(update_fields=["due_at", "limit_due_at", "warn_at", "paused_total", "paused_since"])
    pause.ended_at = at
    pause.ended_by = by
    pause.shift = shift
    pause.save(update_fields=["ended_at", "ended_by", "shift"])
    return pause


def stage_started_at(case, stage):
    """When the case entered its current stage, from its own record (for cases that were
    registered before stage clocks existed)."""
    transfer = case.current_transfer
    if stage == Stage.FORWARD:
        returned = transfer.returned_at if transfer is not None else None
        return returned or case.registered_at
    if stage == Stage.SIGN_FOR:
        return transfer.sent_at if transfer is not None else case.transferred_at
    if stage == Stage.RESOLVE:
        return case.accepted_at
    return case.resolved_at


def promised_resolution(case, *, policy_for=None, joint=None, calendar=None):
    """The latest moment the person is promised a result, or None without a resolve limit.

    While the case is being handled it is the resolve stage's deadline. Before the
    receiving department has signed for it, the resolve clock has not started: the promise
    counts the resolve limit from the running stage's deadline, the latest the resolve
    clock can start, so signing for early only brings the real deadline forward.

    For a list of cases the caller may pass what it already knows, to save a query per
    case: ``policy_for`` (a memoised ``deadlines.policy_for``), ``joint`` (whether
    assisting departments take part) and the organisation's ``calendar``.
    """
    promised = _promised_by_limits(case, policy_for, joint, calendar)
    if promised is not None and case.promise_floor and promised < case.promise_floor:
        return case.promise_floor
    return promised


def _promised_by_limits(case, policy_for, joint, calendar):
    clock = case.current_clock if case.current_clock_id else None
    if clock is None or not clock.is_open:
        return None
    if clock.stage == Stage.RESOLVE:
        return clock.due_at
    if clock.stage not in (Stage.FORWARD, Stage.SIGN_FOR) or clock.due_at is None:
        return None
    policy = (policy_for or deadlines.policy_for)(case)
    return _resolved_after(case, clock.due_at, policy, joint, calendar)


def _resolved_after(case, start, policy, joint, calendar):
    """The resolve limit counted from ``start`` (the latest the resolve clock can start)."""
    tier = limit_tier(case, Stage.RESOLVE, policy, None, joint=joint)
    limit = deadlines.stage_limit(policy, Stage.RESOLVE, tier=tier)
    if limit is None:
        return None
    calendar = calendar or calendar_for(case.organisation_id)
    return deadlines.stage_deadline(calendar, start, *limit, policy.warning_share).due_at


def first_promise(case, at, *, joint=False):
    """The promise of a case about to be inserted (its first stage starts at ``at``): what
    ``promised_resolution`` says once that stage's clock runs, computed before the case
    row exists so that the registration writes it with the case (one history row)."""
    return _promise_from(case, current_stage(case), at, joint)


def registration_promise(case):
    """The promise the case would have been given at registration under the matter and
    kind it has now (a reclassification's new promise: the time the office lost since,
    by returns or late sign-for, is not the person's to bear in a new date)."""
    first = case.transfers.filter(role="lead").order_by("sent_at", "pk").first()
    at_desk = first is not None and first.sent_at == case.registered_at
    stage = Stage.SIGN_FOR if at_desk else Stage.FORWARD
    return _promise_from(case, stage, case.registered_at, False)


def _promise_from(case, stage, at, joint):
    if stage not in (Stage.FORWARD, Stage.SIGN_FOR):
        return None
    policy = deadlines.policy_for(case)
    limit = deadlines.stage_limit(policy, stage, tier=limit_tier(case, stage, policy, at))
    if limit is None:
        return None
    calendar = calendar_of(case)
    due = deadlines.stage_deadline(calendar, at, *limit, policy.warning_share).due_at
    return _resolved_after(case, due, policy, joint, calendar)


def case_promise(case):
    """The resolution date the person was promised (承诺办结时间): the one stored on the
    case; a case registered before promises were stored shows the computed one."""
    if case.promised_by is not None:
        return case.promised_by
    return promised_resolution(case)
