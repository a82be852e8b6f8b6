"""The organisation and its departments, and who heads and oversees each department."""

from departments.models import Department, Organisation

from .data_organisation import DEPARTMENTS, ORGANISATION


def ensure_organisation(recorder):
    # The code is the natural key: it is what case numbers carry and what admins rarely edit.
    organisation = Organisation.objects.filter(code=ORGANISATION["code"]).first()
    if organisation is None:
        organisation = recorder.create(Organisation, **ORGANISATION)
    return organisation


def ensure_departments(organisation, recorder):
    """The demo departments by their table key; missing ones are created, parents first."""
    existing = {
        department.name: department
        for department in Department.objects.for_organisation(organisation)
    }
    departments = {}
    for order, row in enumerate(DEPARTMENTS, start=1):
        department = existing.get(row.name)
        if department is None:
            department = recorder.create(
                Department,
                organisation=organisation,
                name=row.name,
                parent=departments[row.parent] if row.parent else None,
                location=row.location,
                public_phone=row.public_phone,
                is_reception_window=row.is_reception_window,
                is_supervising_office=row.is_supervising_office,
                sort_order=order * 10,
            )
        departments[row.key] = department
    return departments


def fill_department_links(departments, staff, recorder):
    """Heads and leaders in charge can only be set once the staff exist."""
    for row in DEPARTMENTS:
        recorder.fill_empty(
            departments[row.key],
            head=staff.get(row.head),
            leader_in_charge=staff.get(row.leader_in_charge),
        )
