"""The promise on the receipt (承诺办结时间) is the person's: it never moves silently.

It is stored on the case when the case is registered (``insert_case``; ``save_case`` sets it
when it can first be computed). Sign-for, returns, re-transfers and the other internal steps
leave it alone, whatever they do to the stage clocks. Only two decisions move it, and only
later: an approved extension and a reclassification whose time limit is longer. Each writes
a timeline line, stores the reason the lookup page shows, queues a mail to the person
(``cases.tasks.send_person_notice``) and sends ``signals.promise_moved`` for other channels
(the SMS notice connects there).
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.workflow import Login

from ..choices import EventAction
from ..models import Case
from ..notifications import notify_person
from ..signals import promise_moved
from ..timelimits.clocks import promised_resolution
from .base import record_event

REASON_LENGTH = 300


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def later_promise(case: Case, reason: str, candidate: datetime | None = None) -> datetime | None:
    """If ``candidate`` (default: where the case's deadlines run now) is past the case's
    promise, move the promise there (unsaved) and return the previous one; otherwise None
    and nothing changes. Never earlier."""
    if candidate is None:
        candidate = promised_resolution(case)
    previous = case.promised_by
    if candidate is None or previous is None or candidate <= previous:
        return None
    case.promised_by = candidate
    case.promise_reason = reason.strip()[:REASON_LENGTH]
    return previous


def announce_moved_promise(case: Case, previous: datetime, *, by: Login, at: datetime) -> None:
    """The timeline line, the person's notice and the signal of a moved promise (after the
    case is saved, in the same transaction)."""
    record_event(
        case,
        EventAction.PROMISE_MOVED,
        user=by,
        at=at,
        from_state=case.state,
        note=_("Promised resolution moved from %(old)s to %(new)s. Reason: %(reason)s")
        % {
            "old": _local(previous),
            "new": _local(case.promised_by),
            "reason": case.promise_reason,
        },
        department=case.current_department,
    )
    notify_person(case, "promise_moved")
    promise_moved.send(sender=Case, case=case, previous=previous, at=at)
