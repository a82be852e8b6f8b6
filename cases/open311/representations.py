"""What the API shows of services and requests: GeoReport fields, never personal data.

A request shows its number, status, service, department and dates; never the person,
the description they gave (it may name them) or anything of a confidential case.
"""

import functools

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from departments.calendar.calendars import calendar_for

from ..choices import Channel, Kind, Outcome, State
from ..timelimits import deadlines
from ..timelimits.clocks import promised_resolution

CLOSED_STATES = (State.RESOLVED, State.CALLED_BACK)
ATTRIBUTES = (
    # (code, choices, required, description)
    ("kind", Kind, True),
    ("channel", Channel, False),
)


def iso(moment, tz=None):
    """W3C datetime with the offset, in the site's time zone, as GeoReport requires."""
    if moment is None:
        return None
    return moment.astimezone(tz or timezone.get_current_timezone()).isoformat("T", "seconds")


def service(matter) -> dict:
    return {
        "service_code": str(matter.pk),
        "service_name": matter.name,
        "description": matter.description,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(matter.keywords.split()),
        "group": matter.department.name,
    }


def attribute_descriptions():
    return {
        "kind": _("What kind of request this is."),
        "channel": _(
            "How the person reached the integrating system (default: the system's channel)."
        ),
    }


def service_definition(matter) -> dict:
    texts = attribute_descriptions()
    return {
        "service_code": str(matter.pk),
        "attributes": [
            {
                "variable": True,
                "code": code,
                "datatype": "singlevaluelist",
                "required": required,
                "datatype_description": None,
                "order": order,
                "description": texts[code],
                "values": [{"key": value, "name": str(label)} for value, label in choices.choices],
            }
            for order, (code, choices, required) in enumerate(ATTRIBUTES, start=1)
        ],
    }


def status_of(case) -> str:
    return "closed" if case.state in CLOSED_STATES else "open"


@functools.lru_cache(maxsize=256)
def _status_notes(state, outcome, language):
    notes = str(State(state).label)
    if outcome:
        notes += _("; outcome: %(outcome)s") % {"outcome": Outcome(outcome).label}
    return notes


def status_notes(case) -> str:
    return _status_notes(case.state, case.outcome, get_language())


def updated_at(case):
    moments = (
        case.registered_at,
        case.transferred_at,
        case.accepted_at,
        case.resolved_at,
        case.called_back_at,
    )
    return max(moment for moment in moments if moment is not None)


class Promises:
    """``promised_resolution`` of many cases of one organisation, reading its time-limit
    policies and calendar once instead of once per case."""

    def __init__(self, organisation_id: int):
        self.organisation_id = organisation_id
        self._policies = {}
        self._calendar = None

    def _policy_for(self, case):
        key = (case.kind, case.channel, case.matter_id)
        if key not in self._policies:
            self._policies[key] = deadlines.policy_for(case)
        return self._policies[key]

    def __call__(self, case):
        if self._calendar is None:
            self._calendar = calendar_for(self.organisation_id)
        return promised_resolution(
            case,
            policy_for=self._policy_for,
            joint=getattr(case, "is_joint", None),
            calendar=self._calendar,
        )


def service_request(case, promises=promised_resolution, tz=None) -> dict:
    """The case as a GeoReport service request (needs its matter, department and clock)."""
    tz = tz or timezone.get_current_timezone()
    matter = case.matter
    return {
        "service_request_id": case.number,
        "status": status_of(case),
        "status_notes": status_notes(case),
        "service_name": matter.name if matter else None,
        "service_code": str(matter.pk) if matter else None,
        "description": None,
        "agency_responsible": case.current_department.name,
        "service_notice": None,
        "requested_datetime": iso(case.registered_at, tz),
        "updated_datetime": iso(updated_at(case), tz),
        "expected_datetime": iso(promises(case), tz),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def created_request(case, submission) -> dict:
    """The answer to a POST: the case number, the token, and the promised resolution date.

    ``expected_datetime`` is not among the standard's POST fields; it is the field of the
    same name of a service request, added as the standard lets servers add fields.
    """
    promised = promised_resolution(case)
    notice = _("Case %(number)s registered; receipt query code %(code)s.") % {
        "number": case.number,
        "code": case.query_code,
    }
    if promised is not None:
        notice += " " + _("Result promised by %(date)s.") % {
            "date": timezone.localtime(promised).strftime("%Y-%m-%d %H:%M")
        }
    return {
        "service_request_id": case.number,
        "token": submission.token,
        "service_notice": notice,
        "account_id": None,
        "expected_datetime": iso(promised),
    }
