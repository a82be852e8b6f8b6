from .calendar import CalendarOverride
from .catalogue import ExternalAgency, Matter
from .exports import ExportJob
from .organisation import Organisation, OrganisationOwned
from .roster import DutyRoster
from .security import SecurityEvent, SecurityEventKind
from .structure import Department, Staff, first_responsible

__all__ = [
    "CalendarOverride",
    "Department",
    "DutyRoster",
    "ExportJob",
    "ExternalAgency",
    "Matter",
    "Organisation",
    "OrganisationOwned",
    "SecurityEvent",
    "SecurityEventKind",
    "Staff",
    "first_responsible",
]
