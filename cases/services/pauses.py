"""Clock pauses (补正): the person owes materials after a one-time notification."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.workflow import Login, now_or, required_text

from .. import permissions
from ..choices import EventAction, Stage
from ..errors import ActionNotAllowed
from ..models import Case, ClockPause, StageClock
from ..timelimits.clocks import end_pause
from .base import acting_staff, lock_case, record_event

# Signing for and calling back never wait for the person's materials.
PAUSABLE_STAGES = (Stage.FORWARD, Stage.RESOLVE)


def running_clock(case: Case) -> StageClock:
    """The case's running stage clock, or a clear refusal."""
    clock = case.current_clock if case.current_clock_id else None
    if clock is None or not clock.is_open:
        raise ActionNotAllowed(
            _("Case %(number)s has no running time limit.") % {"number": case.number}
        )
    return clock


def pausable_clock(case: Case, user: Login, *, paused: bool) -> StageClock:
    """The running clock ``user`` may pause (``paused=False``) or resume (``paused=True``)
    now; ActionNotAllowed otherwise."""
    clock = running_clock(case)
    if clock.stage not in PAUSABLE_STAGES:
        raise ActionNotAllowed(_("Only the hand-over and resolve stages wait for materials."))
    if not permissions.may_pause_clock(case, user):
        raise ActionNotAllowed(
            _("Only whoever holds case %(number)s records the materials owed.")
            % {"number": case.number}
        )
    if clock.is_paused and not paused:
        raise ActionNotAllowed(_("The clock is already waiting for materials."))
    if paused and not clock.is_paused:
        raise ActionNotAllowed(_("The clock is not waiting for materials."))
    return clock


@transaction.atomic
def case_pause_clock(
    *, case: Case, by: Login, materials: str, at: datetime | None = None
) -> ClockPause:
    """Stop the stage clock while the person brings the listed materials."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    clock = pausable_clock(case, by, paused=False)
    materials = required_text(
        materials, "materials", _("List everything the person still has to bring, in one go.")
    )
    pause = ClockPause.objects.create(
        clock=clock, started_at=at, started_by=staff, materials=materials
    )
    clock.paused_since = at
    clock.save(update_fields=["paused_since"])
    record_event(
        case,
        EventAction.CLOCK_PAUSED,
        user=by,
        at=at,
        from_state=case.state,
        note=materials,
        department=clock.department,
    )
    return pause


@transaction.atomic
def case_resume_clock(
    *, case: Case, by: Login, note: str = "", at: datetime | None = None
) -> ClockPause:
    """The materials arrived: the clock runs again and its deadline moves by the pause."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    clock = pausable_clock(case, by, paused=True)
    pause = end_pause(clock, at, by=staff, organisation_id=case.organisation_id)
    moved = (
        _("Deadline now %(due)s.") % {"due": f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"}
        if clock.due_at
        else ""
    )
    record_event(
        case,
        EventAction.CLOCK_RESUMED,
        user=by,
        at=at,
        from_state=case.state,
        note=f"{moved} {(note or '').strip()}".strip(),
        department=clock.department,
    )
    return pause
