"""Who may take which step on a violation: plain predicates of (violation, user).

They are the ``permission`` of the FSM transitions and are asked again by the services, so
the admin buttons and every other interface apply the same rules. Only supervisors decide;
the department answers its self-check; the person concerned may appeal.
"""

from departments.access import has_role, staff_of
from departments.roles import Role


def _staff_in_organisation(violation, user):
    staff = staff_of(user)
    if staff is None or not staff.is_active or staff.organisation_id != violation.organisation_id:
        return None
    return staff


def is_supervisor(violation, user):
    return _staff_in_organisation(violation, user) is not None and has_role(user, Role.SUPERVISOR)


def answers_for_department(violation, user):
    """The head or the leader in charge of the department concerned writes its self-check."""
    staff = _staff_in_organisation(violation, user)
    if staff is None:
        return False
    department = violation.department
    return staff.pk in (department.head_id, department.leader_in_charge_id)


def may_appeal(violation, user):
    """The person concerned, their department head, or a supervisor recording a paper appeal."""
    staff = _staff_in_organisation(violation, user)
    if staff is None:
        return False
    return (
        staff.pk == violation.staff_id
        or staff.pk == violation.department.head_id
        or has_role(user, Role.SUPERVISOR)
    )


def _active_in_role(user, *roles):
    staff = staff_of(user)
    return staff is not None and staff.is_active and has_role(user, *roles)


def may_report(user):
    """Recording a violation by hand (complaint, spot check) is the supervisor's job."""
    return _active_in_role(user, Role.SUPERVISOR)


def may_read_reports(user):
    """The dashboard, notices and red and black lists: supervisors, auditors, administrators."""
    return _active_in_role(user, Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR)


def may_publish_notices(user):
    """Publishing the quarterly notice (it locks the period's ranking): supervisors."""
    return _active_in_role(user, Role.SUPERVISOR)
