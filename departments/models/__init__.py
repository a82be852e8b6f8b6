from .calendar import CalendarOverride
from .catalogue import ExternalAgency, Matter
from .exports import ExportJob
from .organisation import Organisation, OrganisationOwned
from .roster import DutyRoster
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
    "Staff",
    "first_responsible",
]
