"""Resolving (办结), calling back (回访) and reopening after a bad rating (不满意重办)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Department, ExternalAgency, Staff
from firstask.workflow import Login, now_or, required_text, save_with_user

from ..choices import (
    DISSATISFIED,
    ContactResult,
    EventAction,
    Outcome,
    ReviewStatus,
    Satisfaction,
    State,
)
from ..errors import InvalidInput
from ..models import Callback, Case
from ..notifications import notify_bad_rating, notify_callback_missed, notify_resolved
from ..signals import callback_recorded
from .base import (
    acting_staff,
    ensure_allowed,
    fire,
    lock_case,
    new_transfer,
    record_event,
    same_organisation,
    save_case,
)


def _resolution_inputs(
    case: Case,
    outcome: str | None,
    result: str,
    notification_text: str | None,
    referred_to: ExternalAgency | None,
) -> tuple[str, str, ExternalAgency | None]:
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose the outcome."), field="outcome")
    result = required_text(result, "result", _("Describe the result given to the person."))
    # The materials belong to a "materials owed" outcome only; any other outcome keeps none.
    notification_text = (notification_text or "").strip()
    if outcome != Outcome.ONE_TIME_NOTIFIED:
        notification_text = ""
    elif not notification_text:
        raise InvalidInput(
            _("List everything the person still has to bring, in one go."),
            field="notification_text",
        )
    if outcome == Outcome.REFERRED_OUT:
        if referred_to is None:
            raise InvalidInput(
                _("Choose the external agency the person was sent to."), field="referred_to"
            )
        same_organisation(referred_to, case, "referred_to")
    else:
        referred_to = None
    return result, notification_text, referred_to


def _follow_main(main: Case, action: str, user: Login, at: datetime) -> None:
    """Carry the main case's step over to its merged duplicates."""
    source = {
        "resolve_with_main": (State.REGISTERED, State.TRANSFERRED),
        "call_back_with_main": (State.RESOLVED,),
    }[action]
    event = EventAction.RESOLVE if action == "resolve_with_main" else EventAction.CALL_BACK
    duplicates = Case.objects.select_for_update(no_key=True).filter(
        merged_into=main, state__in=source
    )
    for duplicate in duplicates:
        from_state = duplicate.state
        getattr(duplicate, action)(main=main, at=at)
        save_case(duplicate, user, at)
        record_event(
            duplicate,
            event,
            user=user,
            at=at,
            from_state=from_state,
            note=_("Together with the main case %(number)s.") % {"number": main.number},
        )


@transaction.atomic
def case_resolve(
    *,
    case: Case,
    by: Login,
    outcome: str | None,
    result: str,
    notification_text: str = "",
    referred_to: ExternalAgency | None = None,
    at: datetime | None = None,
) -> Case:
    case = lock_case(case)
    acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "resolve", by)
    result, notification_text, referred_to = _resolution_inputs(
        case, outcome, result, notification_text, referred_to
    )
    from_state = fire(
        case,
        "resolve",
        by,
        outcome=outcome,
        result=result,
        at=at,
        notification_text=notification_text,
        referred_to=referred_to,
    )
    save_case(case, by, at)
    record_event(
        case,
        EventAction.RESOLVE,
        user=by,
        at=at,
        from_state=from_state,
        note=f"{case.get_outcome_display()}：{result}",
        department=case.current_department,
    )
    _follow_main(case, "resolve_with_main", by, at)
    notify_resolved(case)
    return case


@transaction.atomic
def case_call_back(
    *,
    case: Case,
    by: Login,
    contact_result: str,
    satisfaction: str = "",
    note: str = "",
    praise: bool = False,
    at: datetime | None = None,
) -> Case:
    """Record one callback attempt; a reached person's rating (or the last failed attempt)
    closes the case."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "call_back", by)
    if contact_result not in ContactResult.values:
        raise InvalidInput(_("Say whether the person was reached."), field="contact_result")
    if contact_result == ContactResult.REACHED:
        if satisfaction not in Satisfaction.values or satisfaction == Satisfaction.UNREACHABLE:
            raise InvalidInput(_("Record the person's satisfaction."), field="satisfaction")
    else:
        satisfaction = ""
    callback = Callback(
        case=case,
        round=case.round,
        at=at,
        by=staff,
        contact_result=contact_result,
        satisfaction=satisfaction,
        praise=bool(praise) and bool(satisfaction),
        note=(note or "").strip(),
    )
    save_with_user(callback, by)
    callback_recorded.send(sender=Callback, callback=callback)
    if contact_result == ContactResult.UNREACHABLE:
        attempts = case.callbacks.filter(
            round=case.round, contact_result=ContactResult.UNREACHABLE
        ).count()
        if attempts == 1:
            notify_callback_missed(case)
        if attempts < case.organisation.callback_attempts:
            record_event(
                case,
                EventAction.CALLBACK_ATTEMPT,
                user=by,
                at=at,
                from_state=case.state,
                note=_("Not reachable (attempt %(n)s of %(max)s). %(note)s")
                % {"n": attempts, "max": case.organisation.callback_attempts, "note": note or ""},
            )
            return case
        satisfaction = Satisfaction.UNREACHABLE
    from_state = fire(case, "call_back", by, satisfaction=satisfaction, at=at)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.CALL_BACK,
        user=by,
        at=at,
        from_state=from_state,
        note=f"{case.get_satisfaction_display()} {note or ''}".strip(),
    )
    _follow_main(case, "call_back_with_main", by, at)
    if satisfaction in DISSATISFIED:
        notify_bad_rating(case)
    return case


def last_resolving_department(case: Case) -> Department:
    lead = (
        case.transfers.filter(role="lead", accepted_at__isnull=False).order_by("-sent_at").first()
    )
    return lead.to_department if lead else case.current_department


def start_new_round(
    case: Case,
    transition: str,
    *,
    by: Login,
    staff: Staff,
    note: str,
    to_department: Department | None,
    at: datetime,
) -> tuple[str, Department]:
    """A new round of a resolved case (a reopening after a dissatisfied callback, a redo
    after the person's bad rating): sent to the department that resolved it unless another
    is named, by ``transition``. Returns the state left and the department; the caller
    saves the case and writes the timeline line."""
    to_department = to_department or last_resolving_department(case)
    same_organisation(to_department, case, "to_department")
    transfer = new_transfer(
        case,
        user=by,
        staff=staff,
        to_department=to_department,
        at=at,
        note=note,
        round_=case.round + 1,
        from_department_id=staff.department_id,
    )
    from_state = fire(case, transition, by, to_department=to_department, at=at)
    case.current_transfer = transfer
    return from_state, to_department


@transaction.atomic
def case_reopen(
    *,
    case: Case,
    by: Login,
    note: str,
    to_department: Department | None = None,
    at: datetime | None = None,
) -> Case:
    """Start a new round after a dissatisfied callback: handled again, called back again."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "reopen", by)
    note = required_text(note, "note", _("Say what has to be done again."))
    rating = case.ratings.filter(round=case.round, review_status=ReviewStatus.OPEN).first()
    from_state, to_department = start_new_round(
        case, "reopen", by=by, staff=staff, note=note, to_department=to_department, at=at
    )
    if rating is not None:
        # The person's bad rating of the round is answered by this redo as well.
        rating.review_status = ReviewStatus.REDONE
        rating.reviewed_by, rating.reviewed_at, rating.review_note = staff, at, note
        save_with_user(rating, by)
    save_case(case, by, at)
    record_event(
        case,
        EventAction.REOPEN,
        user=by,
        at=at,
        from_state=from_state,
        note=note,
        department=to_department,
    )
    return case
