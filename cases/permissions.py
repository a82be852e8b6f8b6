"""Who may take which step on a case: plain predicates of (case, user).

They are the ``permission`` of the FSM transitions and are also asked by the service
layer for the non-transition actions, so every interface applies the same rules.
"""

from departments.access import has_role, staff_of
from departments.offices import supervising_office
from departments.roles import Role

from .choices import State


def _staff_in_organisation(case, user):
    staff = staff_of(user)
    if staff is None or not staff.is_active or staff.organisation_id != case.organisation_id:
        return None
    return staff


def is_supervisor(case, user):
    return _staff_in_organisation(case, user) is not None and has_role(user, Role.SUPERVISOR)


def heads(staff, department_id):
    return department_id is not None and any(
        d.pk == department_id for d in staff.headed_departments.all()
    )


def in_current_department(case, user):
    staff = _staff_in_organisation(case, user)
    return staff is not None and staff.department_id == case.current_department_id


def is_first_inquiry_person(case, user):
    staff = _staff_in_organisation(case, user)
    return staff is not None and staff.pk == case.first_staff_id


def is_first_department_head(case, user):
    staff = _staff_in_organisation(case, user)
    return staff is not None and heads(staff, case.first_department_id)


def may_send_onward(case, user):
    """Transfer a case that is held (not yet sent) by the current department."""
    return (
        is_first_inquiry_person(case, user)
        or in_current_department(case, user)
        or is_supervisor(case, user)
    )


def may_sign_for(case, user):
    return in_current_department(case, user)


def may_reassign(case, user):
    """Re-transfer a case already sent: the supervising office's business."""
    staff = _staff_in_organisation(case, user)
    if staff is None:
        return False
    at_supervising_office = staff.department_id == case.current_department_id and (
        staff.department.is_supervising_office
    )
    return at_supervising_office or is_supervisor(case, user)


def may_pass_on(case, user):
    """Pass a signed-for case on to the department whose duty it is, with a written opinion
    (seed 002: 签注明确意见……转交下一个部门处理): its handler, or the head of the
    department holding it."""
    staff = _staff_in_organisation(case, user)
    if staff is None or staff.department_id != case.current_department_id:
        return False
    return staff.pk == case.handler_id or heads(staff, case.current_department_id)


def may_resolve(case, user):
    if case.state == "registered":
        return is_first_inquiry_person(case, user) or in_current_department(case, user)
    return in_current_department(case, user)


def may_call_back(case, user):
    return (
        is_first_inquiry_person(case, user)
        or is_first_department_head(case, user)
        or is_supervisor(case, user)
    )


def may_reopen(case, user):
    return may_call_back(case, user)


def may_review_rating(case, user):
    """The person's own bad rating is reviewed by the supervising office (首问办): its staff
    and the organisation's supervisors."""
    if is_supervisor(case, user):
        return True
    staff = _staff_in_organisation(case, user)
    office = supervising_office(case.organisation_id) if staff is not None else None
    return office is not None and staff.department_id == office.pk


def may_assign_handler(case, user):
    staff = _staff_in_organisation(case, user)
    if staff is None:
        return False
    return heads(staff, case.current_department_id) or is_supervisor(case, user)


def may_reclassify(case, user):
    """Correct the matter and kind: the handling department (the one holding the case, once
    signed for: before that it signs for it or returns it) or the supervising office."""
    staff = _staff_in_organisation(case, user)
    if staff is None:
        return False
    handling = case.state == State.REGISTERED or case.is_signed_for
    return (
        (handling and staff.department_id == case.current_department_id)
        or staff.department.is_supervising_office
        or is_supervisor(case, user)
    )


def may_urge(case, user):
    return is_supervisor(case, user)


def may_merge(case, user):
    return is_supervisor(case, user) or is_first_inquiry_person(case, user)


def sees_confidential_identities(user):
    """Supervisors and auditors (and the platform operator) see who made a report."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, Role.SUPERVISOR, Role.AUDITOR)


def may_see_identity(case, user):
    """A confidential case's person is visible only to supervisors and auditors."""
    if not case.is_confidential:
        return True
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return _staff_in_organisation(case, user) is not None and sees_confidential_identities(user)


# --- attachments ------------------------------------------------------------------------
def may_attach(case, user):
    """Add files on the case page: whoever registered or first took the case, the
    department holding it, its handler, the supervising office and supervisors."""
    staff = _staff_in_organisation(case, user)
    if staff is None:
        return False
    return (
        staff.pk in (case.first_staff_id, case.registered_by_id, case.handler_id)
        or staff.department_id == case.current_department_id
        or staff.department.is_supervising_office
        or is_supervisor(case, user)
    )


def may_see_attachments(case, user):
    """Open a case's files: a user who may open the case (the caller has found it among
    ``Case.objects.for_user``) and, for a confidential case, may see its person, since
    the files (an ID card, a letter) show who it is."""
    return may_see_identity(case, user)


def may_open_withdrawn(case, user):
    """A withdrawn file is no longer served to those who work on the case; supervisors and
    auditors (who may see its person) still open it, to check what was withdrawn."""
    return may_see_identity(case, user) and sees_confidential_identities(user)


# --- time limits -------------------------------------------------------------------------
def may_pause_clock(case, user):
    """Whoever holds the case records that the person owes materials, and their arrival."""
    if case.state == "registered":
        return is_first_inquiry_person(case, user) or in_current_department(case, user)
    return in_current_department(case, user)


def may_request_extension(case, user, clock):
    """The stage's responsible person; for a stage without one, its department's staff."""
    staff = _staff_in_organisation(case, user)
    if staff is None:
        return False
    if clock.responsible_id is not None:
        return staff.pk == clock.responsible_id
    return staff.department_id == clock.department_id


def may_decide_extension(case, user, clock):
    """The head of the stage's department or a supervisor."""
    staff = _staff_in_organisation(case, user)
    return staff is not None and (heads(staff, clock.department_id) or is_supervisor(case, user))
