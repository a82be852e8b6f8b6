"""Registering a case (登记) and routing it at the desk."""

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Matter, Staff, first_responsible
from firstask.workflow import Login, now_or, required_text

from ..choices import Channel, EventAction, Kind, Outcome, State, Urgency
from ..errors import InvalidInput
from ..models import Case, CaseEvent, allocate_case_number, format_case_number
from ..notifications import notify_transfer
from ..timelimits.clocks import sync_stage_clock
from .base import acting_staff, new_event, record_event, write_pointers
from .resolution import case_resolve
from .supervision import case_merge
from .transfers import start_transfer

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
QUERY_CODE_LENGTH = 8
PERSON_FIELDS = ("name", "unit", "address", "phone", "email")


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _check_choice(value, choices, field):
    if value not in choices.values:
        raise InvalidInput(_("Choose a valid option."), field=field)
    return value


def _in_organisation(obj, organisation, field):
    if obj is not None and obj.organisation_id != organisation.pk:
        raise InvalidInput(_("Must belong to the same organisation."), field=field)
    return obj


def build_case(
    *,
    by: Login,
    channel: str,
    kind: str,
    matter_text: str,
    matter: Matter | None = None,
    person: dict[str, str] | None = None,
    is_anonymous: bool = False,
    is_confidential: bool = False,
    urgency: str = Urgency.NORMAL,
    first_staff: Staff | None = None,
    asked_with: Iterable[Staff] = (),
    subject_staff: Staff | None = None,
    at: datetime | None = None,
) -> tuple[Case, list[Staff]]:
    """A validated, numbered, unsaved case; the rank rule picks who owns it.

    Returns the case and the other staff asked together with the responsible one.
    """
    registrar = acting_staff(by)
    organisation = registrar.organisation
    at = now_or(at)
    _check_choice(channel, Channel, "channel")
    _check_choice(kind, Kind, "kind")
    _check_choice(urgency, Urgency, "urgency")
    matter_text = required_text(matter_text, "matter_text", _("Describe what the person asked."))
    _in_organisation(matter, organisation, "matter")
    _in_organisation(subject_staff, organisation, "subject_staff")

    asked = [first_staff or registrar, *asked_with]
    for member in asked:
        _in_organisation(member, organisation, "asked_with")
        if not member.is_active:
            raise InvalidInput(
                _("%(name)s is not an active staff member.") % {"name": member.name},
                field="asked_with",
            )
    responsible = first_responsible(asked)

    person = {} if is_anonymous else dict(person or {})
    unknown = set(person) - set(PERSON_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown person fields: %(f)s") % {"f": ", ".join(sorted(unknown))})

    year = timezone.localtime(at).year
    sequence = allocate_case_number(organisation, year)
    case = Case(
        organisation=organisation,
        number=format_case_number(organisation.code, year, sequence),
        year=year,
        sequence=sequence,
        query_code=new_query_code(),
        channel=channel,
        kind=kind,
        urgency=urgency,
        is_anonymous=is_anonymous,
        # A report's informant is protected whatever the clerk ticked.
        is_confidential=is_confidential or kind == Kind.REPORT,
        matter_text=matter_text,
        matter=matter,
        subject_staff=subject_staff,
        first_staff=responsible,
        first_department=responsible.department,
        current_department=responsible.department,
        registered_by=registrar,
        registered_at=at,
        **{f"person_{name}": (person.get(name) or "").strip() for name in PERSON_FIELDS},
    )
    others = [member for member in asked if member.pk != responsible.pk]
    return case, others


def insert_case(
    case: Case,
    *,
    by: Login,
    at: datetime,
    asked_with: Iterable[Staff] = (),
    later_events: Iterable[CaseEvent] = (),
    start_clock: bool = True,
    register_note: str = "",
) -> Case:
    """Save a new case with its first timeline lines (registration, then ``later_events``).

    ``register_note`` is the registration line's note: timeline lines are never changed
    once written (the database refuses it), so it is written with the line.

    With ``start_clock`` the clock of its first stage starts; ``case.current_clock`` is set
    but not saved, the caller points the case at it (one UPDATE with any other pointer).
    """
    case._history_user = by
    case.save()
    if start_clock:
        sync_stage_clock(case, at)
    if asked_with:
        case.asked_with.set(asked_with)
    registered = new_event(
        case,
        EventAction.REGISTER,
        user=by,
        at=at,
        department=case.first_department,
        note=register_note,
    )
    registered.to_state = State.REGISTERED
    CaseEvent.objects.bulk_create([registered, *later_events])
    return case


@transaction.atomic
def case_register(*, at: datetime | None = None, **registration: Any) -> Case:
    """Register what a staff member was asked (see ``build_case`` for the inputs)."""
    return _register(at=now_or(at), start_clock=True, **registration)


def _register(*, at, start_clock, register_note="", **registration):
    case, others = build_case(at=at, **registration)
    insert_case(
        case,
        by=registration["by"],
        at=at,
        asked_with=others,
        start_clock=start_clock,
        register_note=register_note,
    )
    if case.current_clock is not None:
        # A pointer to the row just written, not audited content (excluded from history).
        write_pointers(case, "current_clock")
    return case


class Route:
    """The four ways a case leaves the desk at registration."""

    HANDLE_NOW = "handle_now"
    ONE_TIME_NOTICE = "one_time_notice"
    TRANSFER = "transfer"
    REFER_OUT = "refer_out"
    choices = (HANDLE_NOW, ONE_TIME_NOTICE, TRANSFER, REFER_OUT)


@transaction.atomic
def case_register_and_route(
    *,
    route: str,
    routing: dict[str, Any] | None = None,
    at: datetime | None = None,
    related: Iterable[Case] = (),
    repeat_of: Case | None = None,
    **registration: Any,
) -> Case:
    """Register and route in one transaction: all of it happens, or none of it.

    ``routing`` holds the route's own inputs: for HANDLE_NOW ``outcome`` and ``result``;
    for ONE_TIME_NOTICE ``notification_text`` (and ``result``); for TRANSFER
    ``to_department`` (default: the matter's department, else the supervising office),
    ``assisting``, ``handler`` and ``note``; for REFER_OUT ``referred_to`` and ``result``.
    ``related`` earlier cases are linked to it; with ``repeat_of`` (an open case) it is
    registered as a repeat of that case and merged into it (并单).
    """
    if route not in Route.choices:
        raise InvalidInput(_("Choose how the case is routed."), field="route")
    at = now_or(at)
    case = _register_and_route(route, dict(routing or {}), at, registration)
    if related or repeat_of is not None:
        link_earlier_cases(case, by=registration["by"], at=at, related=related, repeat_of=repeat_of)
    return case


def _register_and_route(route, routing, at, registration):
    by = registration["by"]
    if route == Route.TRANSFER:
        return _register_transferred(by=by, at=at, registration=registration, **routing)
    # Answered at the desk: no hand-over stage to time, the callback clock starts at resolve.
    case = _register(at=at, start_clock=False, **registration)
    outcome = {
        Route.ONE_TIME_NOTICE: Outcome.ONE_TIME_NOTIFIED,
        Route.REFER_OUT: Outcome.REFERRED_OUT,
    }.get(route, routing.pop("outcome", None))
    routing.pop("outcome", None)
    if route == Route.ONE_TIME_NOTICE and not routing.get("result"):
        routing["result"] = _("One-time notification of the materials needed was given.")
    case_resolve(case=case, by=by, at=at, outcome=outcome, **routing)
    case.refresh_from_db()
    return case


def link_earlier_cases(
    case: Case,
    *,
    by: Login,
    at: datetime,
    related: Iterable[Case] = (),
    repeat_of: Case | None = None,
) -> Case:
    """Link a just-registered case to earlier ones (``related_cases``, both ways); as a
    repeat of an open case it is merged into that case, which handles both."""
    earlier = list(dict.fromkeys([*related, *([repeat_of] if repeat_of else [])]))
    for other in earlier:
        if other.organisation_id != case.organisation_id or other.pk == case.pk:
            raise InvalidInput(_("Choose cases of your organisation."), field="related")
    if repeat_of is not None and not repeat_of.is_open:
        raise InvalidInput(
            _("Case %(number)s is closed: link it as related instead.")
            % {"number": repeat_of.number},
            field="repeat_of",
        )
    case.related_cases.add(*earlier)
    record_event(
        case,
        EventAction.RELATE,
        user=by,
        at=at,
        from_state=case.state,
        note="、".join(other.number for other in earlier),
    )
    if repeat_of is not None:
        case_merge(duplicate=case, main=repeat_of, by=by, at=at, note=_("Registered as a repeat."))
        case.refresh_from_db()
    return case


def _register_transferred(
    *, by, at, registration, to_department=None, assisting=(), note="", handler=None
):
    """Register a case that leaves the desk as a transfer, written once.

    The case is created already transferred (one history row for the one action at the
    desk), with both timeline lines; ``start_transfer`` is the one rule of ``case_transfer``.
    """
    case, others = build_case(at=at, **registration)
    started = start_transfer(
        case,
        by=by,
        staff=acting_staff(by, case),
        at=at,
        to_department=to_department,
        assisting=assisting,
        note=note,
        handler=handler,
    )
    insert_case(case, by=by, at=at, asked_with=others, later_events=[started.event()])
    lead = started.send()
    # Pointers to rows just written, not audited content (excluded from history).
    case.current_transfer = lead
    write_pointers(case, "current_transfer", "current_clock")
    notify_transfer(lead)
    return case
