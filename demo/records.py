"""Row shapes of the demo data tables; the tables themselves live in the ``data_*`` modules."""

from typing import NamedTuple


class DepartmentRow(NamedTuple):
    key: str  # how the other tables refer to the department
    name: str
    parent: str | None  # key of the parent department
    location: str
    public_phone: str
    head: str  # badge number
    leader_in_charge: str  # badge number
    is_reception_window: bool = False
    is_supervising_office: bool = False
    has_department_duty: bool = False  # gets a daily department-duty roster slot


class StaffRow(NamedTuple):
    badge_number: str
    name: str
    username: str
    department: str  # department key
    position: str
    rank: int
    phone: str
    roles: tuple[str, ...]


class MatterRow(NamedTuple):
    department: str  # department key
    name: str
    keywords: str
    description: str
    materials: tuple[str, ...]
    legal_basis: str = ""
    is_public: bool = True


class AgencyRow(NamedTuple):
    name: str
    address: str
    phone: str
    handles: str
