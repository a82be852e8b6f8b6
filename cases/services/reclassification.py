"""Reclassifying a case (更正事项与类别): a wrong matter or kind is corrected, with a reason."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Matter
from firstask.workflow import Login, now_or, required_text

from .. import permissions
from ..choices import EventAction, Kind, State
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Case
from ..timelimits.clocks import follow_new_policy, promised_resolution, registration_promise
from .base import acting_staff, lock_case, record_event, save_case
from .promise import announce_moved_promise, later_promise

RECLASSIFIABLE = (State.REGISTERED, State.TRANSFERRED)


def check_reclassify(case: Case, user: Login) -> None:
    """Raise ActionNotAllowed unless ``user`` may correct the matter and kind now."""
    if case.state not in RECLASSIFIABLE or case.merged_into_id is not None:
        raise ActionNotAllowed(
            _("Case %(number)s can no longer be reclassified.") % {"number": case.number}
        )
    if not permissions.may_reclassify(case, user):
        raise ActionNotAllowed(
            _("Only the handling department or the supervising office reclassifies a case.")
        )


def _check_new_classification(case: Case, matter: Matter | None, kind: str) -> None:
    if kind not in Kind.values:
        raise InvalidInput(_("Choose a valid option."), field="kind")
    if matter is not None:
        if matter.organisation_id != case.organisation_id:
            raise InvalidInput(_("Must belong to the same organisation."), field="matter")
        if not matter.is_active:
            raise InvalidInput(_("This matter is no longer on the duty list."), field="matter")
    if (matter.pk if matter else None, kind) == (case.matter_id, case.kind):
        raise InvalidInput(_("Choose another matter or kind."), field="matter")


def _change_note(case: Case, matter: Matter | None, kind: str, reason: str) -> str:
    changes = []
    if (matter.pk if matter else None) != case.matter_id:
        changes.append(
            _("Matter: %(old)s → %(new)s")
            % {"old": case.matter or "—", "new": matter.name if matter else "—"}
        )
    if kind != case.kind:
        changes.append(
            _("Kind: %(old)s → %(new)s") % {"old": case.get_kind_display(), "new": Kind(kind).label}
        )
    return "\n".join([*changes, _("Reason: %(reason)s") % {"reason": reason}])


@transaction.atomic
def case_reclassify(
    *,
    case: Case,
    by: Login,
    matter: Matter | None,
    kind: str,
    reason: str,
    at: datetime | None = None,
) -> Case:
    """Correct the case's matter and kind. The running stage follows the new matter's
    policy when that gives it longer; the resolution date promised so far is kept as a
    floor for every later deadline of the round."""
    case = lock_case(case)
    acting_staff(by, case)
    at = now_or(at)
    check_reclassify(case, by)
    reason = required_text(reason, "reason", _("Say why the matter or kind is corrected."))
    _check_new_classification(case, matter, kind)
    note = _change_note(case, matter, kind, reason)

    promised = case.promised_by or promised_resolution(case)
    if promised is not None:
        case.promise_floor = max(promised, case.promise_floor or promised)
    case.matter, case.kind = matter, kind
    # A report's informant is protected, as at registration.
    case.is_confidential = case.is_confidential or kind == Kind.REPORT
    follow_new_policy(case)
    # A longer limit for the new matter moves the person's date later (never earlier).
    previous = later_promise(case, _reclassified_reason(matter, kind), registration_promise(case))
    save_case(case, by, at)
    record_event(
        case,
        EventAction.RECLASSIFY,
        user=by,
        at=at,
        from_state=case.state,
        note=note,
        department=case.current_department,
    )
    if previous is not None:
        announce_moved_promise(case, previous, by=by, at=at)
    return case


def _reclassified_reason(matter: Matter | None, kind: str) -> str:
    """What the person is told: the new classification, not the office's internal note."""
    if matter is not None:
        return _("The request was reclassified as: %(matter)s") % {"matter": matter.name}
    return _("The request was reclassified as: %(kind)s") % {"kind": Kind(kind).label}
