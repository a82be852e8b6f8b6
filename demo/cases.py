"""The demo cases, played through the case services in the order they happened.

Every case is registered and moved on by the same services the admin and the intake form
use, each step at its own moment in the past (``data_cases``), so numbers, stage clocks,
transfers, callbacks, timelines and the accountability ledger come out as in real use.
Steps of all cases run in one chronological sequence: case numbers follow registration
order and a duplicate is merged only into a case that already exists.
"""

import datetime as dt
import logging
from typing import NamedTuple

from django.db import transaction

from cases.choices import ContactResult
from cases.errors import CaseActionError
from cases.models import Case, Extension, Transfer
from cases.services import (
    Route,
    case_accept,
    case_call_back,
    case_merge,
    case_pause_clock,
    case_record_assist_opinion,
    case_register,
    case_register_and_route,
    case_register_public_complaint,
    case_reject_return,
    case_reopen,
    case_resolve,
    case_return,
    case_transfer,
    case_urge,
    extension_approve,
    extension_request,
)
from departments.calendar.calendars import calendar_for
from departments.models import ExternalAgency, Matter, Staff
from penalties.models import Commendation, Violation

from .data_cases import CASES, C, Fresh, W
from .recorder import DemoConflict

logger = logging.getLogger(__name__)

# Side effects worth reporting: the ledger rows the case services' signals write.
LEDGER_MODELS = (Violation, Commendation)


class DemoMoments:
    """Turns the data's W / C / Fresh moments into aware datetimes before ``now``."""

    def __init__(self, calendar, now):
        self.calendar = calendar
        self.now = calendar.local(now)
        self.today = self.now.date()

    def working_day(self, n):
        """The nth working day before today (n >= 1)."""
        day = self.today
        for _ in range(n):
            day -= dt.timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= dt.timedelta(days=1)
        return day

    def _on(self, day, hhmm):
        return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=self.calendar.tz)

    def latest_office_moment(self):
        """Now, if the office has been open for an hour today; else the last closing time."""
        opened = dt.datetime.combine(self.today, self.calendar.opens, tzinfo=self.calendar.tz)
        if self.calendar.is_working_day(self.today) and self.now >= opened + dt.timedelta(hours=1):
            return min(self.now, self.calendar.closing(self.today))
        return self.calendar.closing(self.working_day(1))

    def __call__(self, spec):
        if isinstance(spec, W):
            return self._on(self.working_day(spec.days), spec.time)
        if isinstance(spec, C):
            day = self.today - dt.timedelta(days=spec.days)
            while not self.calendar.is_working_day(day):
                day += dt.timedelta(days=1)
            return self._on(min(day, self.working_day(1)), spec.time)
        if isinstance(spec, Fresh):
            return self.latest_office_moment() - dt.timedelta(minutes=spec.minutes)
        raise TypeError(f"not a demo moment: {spec!r}")


class Action(NamedTuple):
    at: dt.datetime
    order: int  # of the case in the data, then of the step within the case
    step: int
    script: object  # the DemoCase
    details: object  # the Step, or None for the registration


class CasePlayer:
    """Runs registrations and steps; looks staff, departments and matters up by their keys."""

    def __init__(self, organisation, departments, now):
        self.organisation = organisation
        self.departments = departments
        self.moments = DemoMoments(calendar_for(organisation), now)
        # Read afresh: roles and headed departments may have changed earlier in this build.
        self.staff = {
            member.badge_number: member
            for member in Staff.objects.for_organisation(organisation).select_related(
                "user", "department"
            )
        }
        self.matters = {m.name: m for m in Matter.objects.for_organisation(organisation)}
        self.agencies = {a.name: a for a in ExternalAgency.objects.for_organisation(organisation)}
        self.cases = {}  # key -> pk

    # -- lookups ---------------------------------------------------------------------------
    def user(self, badge):
        return self.staff[badge].user

    def case(self, key):
        return Case.objects.get(pk=self.cases[key])

    def schedule(self):
        """Every registration and step of every case, in the order they happened."""
        actions = []
        for order, script in enumerate(CASES):
            moments = [self.moments(script.at), *(self.moments(s.at) for s in script.steps)]
            if moments != sorted(moments) or moments[-1] > self.moments.now:
                raise ValueError(f"demo case {script.key}: steps out of order or in the future")
            actions.append(Action(moments[0], order, 0, script, None))
            actions.extend(
                Action(at, order, index, script, step)
                for index, (at, step) in enumerate(zip(moments[1:], script.steps, strict=True), 1)
            )
        return sorted(actions, key=lambda action: action[:3])

    def check(self):
        """Refuse at once, naming them, when demo staff, departments or agencies are gone."""
        badges = {script.by for script in CASES if script.by}
        for script in CASES:
            badges.update(script.asked_with)
            badges.update(step.by for step in script.steps)
            badges.update(
                value
                for details in (script.routing, *(step.details for step in script.steps))
                for name, value in details.items()
                if name in ("handler", "subject_staff")
            )
        for badge in sorted(badges):
            member = self.staff.get(badge)
            if member is None or not member.is_active:
                name = f"{member.name} ({badge})" if member else badge
                raise DemoConflict(f"demo staff member {name} is missing or not active")
        for department in self.departments.values():
            if not department.is_active:
                raise DemoConflict(f"demo department {department.name} is not active")
        for script in CASES:
            agency = script.routing.get("referred_to")
            if agency is not None and agency not in self.agencies:
                raise DemoConflict(f"demo external agency {agency} is missing")

    def play(self):
        self.check()
        for action in self.schedule():
            what = action.details.action if action.details else "registration"
            try:
                if action.details is None:
                    self.register(action.script, action.at)
                else:
                    self.step(action.script.key, action.details, action.at)
            except (CaseActionError, KeyError) as exc:
                raise DemoConflict(f"demo case {action.script.key}, {what}: {exc}") from exc
        return len(self.cases)

    # -- registration ------------------------------------------------------------------------
    def register(self, script, at):
        person = script.person._asdict() if script.person else None
        if script.route == "public_complaint":
            case = case_register_public_complaint(
                organisation=self.organisation,
                subject_staff=self.staff[script.routing["subject_staff"]],
                text=script.text,
                person=person,
                channel=script.channel,
                at=at,
            )
            self.cases[script.key] = case.pk
            return
        registration = {
            "by": self.user(script.by),
            "at": at,
            "channel": script.channel,
            "kind": script.kind,
            "urgency": script.urgency,
            "matter_text": script.text,
            "matter": self.matters.get(script.matter) if script.matter else None,
            "person": person,
            "asked_with": [self.staff[badge] for badge in script.asked_with],
        }
        if script.route == "register":
            case = case_register(**registration)
        else:
            case = case_register_and_route(
                route=script.route, routing=self.routing(script), **registration
            )
        self.cases[script.key] = case.pk

    def routing(self, script):
        routing = dict(script.routing)
        if script.route == Route.TRANSFER:
            return {
                "to_department": self.departments[routing["to"]],
                "assisting": [self.departments[key] for key in routing.get("assisting", ())],
                "note": routing.get("note", ""),
            }
        if script.route == Route.REFER_OUT:
            routing["referred_to"] = self.agencies[routing["referred_to"]]
        return routing

    # -- steps -------------------------------------------------------------------------------
    def step(self, key, step, at):
        case, by, details = self.case(key), self.user(step.by), step.details
        match step.action:
            case "transfer":
                case_transfer(
                    case=case,
                    by=by,
                    to_department=self.departments[details["to"]],
                    note=details["note"],
                    at=at,
                )
            case "accept":
                case_accept(case=case, by=by, handler=self.staff[details["handler"]], at=at)
            case "return":
                case_return(case=case, by=by, reason=details["reason"], at=at, duty_item=None)
            case "reject_return":
                case_reject_return(case=case, by=by, note=details["note"], at=at)
            case "opinion":
                transfer = Transfer.objects.get(
                    lead_transfer=case.current_transfer_id,
                    to_department=self.departments[details["department"]],
                )
                case_record_assist_opinion(transfer=transfer, by=by, opinion=details["text"], at=at)
            case "resolve":
                case_resolve(
                    case=case, by=by, outcome=details["outcome"], result=details["result"], at=at
                )
            case "call_back":
                reached = details["satisfaction"] is not None
                case_call_back(
                    case=case,
                    by=by,
                    contact_result=ContactResult.REACHED if reached else ContactResult.UNREACHABLE,
                    satisfaction=details["satisfaction"] or "",
                    note=details["note"],
                    praise=details["praise"],
                    at=at,
                )
            case "reopen":
                case_reopen(case=case, by=by, note=details["note"], at=at)
            case "urge":
                case_urge(case=case, by=by, note=details["note"], at=at)
            case "merge":
                case_merge(
                    duplicate=case,
                    main=self.case(details["into"]),
                    by=by,
                    note=details["note"],
                    at=at,
                )
            case "pause":
                case_pause_clock(case=case, by=by, materials=details["materials"], at=at)
            case "extend":
                due = case.current_clock.due_at
                extension_request(
                    case=case,
                    by=by,
                    reason=details["reason"],
                    requested_due=self.moments.calendar.add_working_days(
                        due, details["working_days"]
                    ),
                    at=at,
                )
            case "approve":
                extension = Extension.objects.filter(case=case).latest("requested_at")
                extension_approve(extension=extension, by=by, note=details["note"], at=at)
            case _:
                raise ValueError(f"unknown demo step {step.action!r}")


def _ledger_counts(organisation):
    return {
        model: model.objects.filter(organisation=organisation).count() for model in LEDGER_MODELS
    }


def ensure_cases(organisation, departments, recorder, now):
    """Play the demo cases into an organisation that has none yet.

    The cases are the organisation's working history: once it has any case, nothing is
    added. If the demo organisation was changed so much that a step is refused (a demo
    staff member deactivated, a department closed), the cases are left out with a warning
    and the rest of the demo stays.
    """
    if Case.objects.for_organisation(organisation).exists():
        return
    before = _ledger_counts(organisation)
    try:
        with transaction.atomic():  # a savepoint inside build_demo's transaction
            created = CasePlayer(organisation, departments, now).play()
    except DemoConflict as exc:
        logger.warning("Demo cases left out: %s", exc)
        return
    recorder.created[Case] += created
    for model, number in _ledger_counts(organisation).items():
        recorder.count(model, number - before[model])
