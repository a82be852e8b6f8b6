"""Urging (催办) and merging duplicates (并单)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from firstask.workflow import Login, now_or, required_text

from .. import permissions
from ..choices import EventAction, State
from ..errors import ActionNotAllowed, CaseChanged
from ..models import Case, UrgingNotice
from ..notifications import notify_urging
from ..signals import case_merged
from .base import acting_staff, lock_case, record_event, save_case


def check_urge(case: Case, user: Login) -> None:
    """Raise ActionNotAllowed unless ``user`` may send an urging notice about ``case`` now."""
    if not permissions.may_urge(case, user):
        raise ActionNotAllowed(_("Only the supervising office sends urging notices."))
    if case.state == State.CALLED_BACK:
        raise ActionNotAllowed(_("Case %(number)s is closed.") % {"number": case.number})


def check_mergeable(case: Case) -> None:
    """Raise ActionNotAllowed unless ``case`` may take part in a merge (either side)."""
    if case.merged_into_id is not None:
        raise ActionNotAllowed(
            _("Case %(number)s is already merged into another case.") % {"number": case.number}
        )
    if case.state == State.CALLED_BACK:
        raise ActionNotAllowed(_("Case %(number)s is closed.") % {"number": case.number})


@transaction.atomic
def case_urge(*, case: Case, by: Login, note: str, at: datetime | None = None) -> UrgingNotice:
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    check_urge(case, by)
    note = required_text(note, "note", _("Write what is urged."))
    urging = UrgingNotice.objects.create(
        case=case, at=at, by=staff, to_department=case.current_department, note=note
    )
    record_event(
        case,
        EventAction.URGE,
        user=by,
        at=at,
        from_state=case.state,
        note=note,
        department=case.current_department,
    )
    notify_urging(urging)
    return urging


@transaction.atomic
def case_merge(
    *, duplicate: Case, main: Case, by: Login, note: str = "", at: datetime | None = None
) -> Case:
    """Link a duplicate to its main case; from now on it is closed together with it."""
    if duplicate.pk == main.pk:
        raise ActionNotAllowed(_("A case cannot be merged into itself."))
    # Lock in a fixed order so two merges of the same pair cannot deadlock.
    first, second = sorted([duplicate, main], key=lambda c: c.pk)
    locked = {c.pk: lock_case(c) for c in (first, second)}
    duplicate, main = locked[duplicate.pk], locked[main.pk]
    acting_staff(by, duplicate)
    at = now_or(at)
    if duplicate.organisation_id != main.organisation_id:
        raise ActionNotAllowed(_("Cases of different organisations cannot be merged."))
    if not (permissions.may_merge(duplicate, by) or permissions.may_merge(main, by)):
        raise ActionNotAllowed(_("Only a supervisor or the first-inquiry person merges cases."))
    for case in (duplicate, main):
        check_mergeable(case)
    if Case.objects.filter(merged_into=duplicate).exists():
        raise CaseChanged(
            _("Case %(number)s already has duplicates of its own; merge the other way.")
            % {"number": duplicate.number}
        )
    duplicate.merged_into = main
    from_state = duplicate.state
    if main.state == State.RESOLVED:
        duplicate.resolve_with_main(main=main, at=at)
    save_case(duplicate, by, at)
    record_event(
        duplicate,
        EventAction.MERGE,
        user=by,
        at=at,
        from_state=from_state,
        note=_("Merged into %(number)s. %(note)s") % {"number": main.number, "note": note},
    )
    record_event(
        main,
        EventAction.MERGE,
        user=by,
        at=at,
        from_state=main.state,
        note=_("Duplicate %(number)s merged in. %(note)s")
        % {"number": duplicate.number, "note": note},
    )
    case_merged.send(sender=Case, duplicate=duplicate, main=main, by=by, at=at)
    return duplicate
