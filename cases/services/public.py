"""Cases the public starts without a login: a complaint about a staff member.

The service layer needs a staff member for every action, so a public complaint is
registered on behalf of the supervising office (首问办), which receives complaints about
staff and arbitrates. The registering person is the office's head, or else its
highest-ranked active supervisor, or else its highest-ranked active member — never the
staff member complained about. The case is therefore registered straight into the
supervising office (the office is its current department, a transfer to itself is not
needed), held there until the office resolves it or sends it on. The complainant's
identity is confidential: only supervisors and auditors see it.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from departments.access import has_role
from departments.models import Organisation, Staff
from departments.offices import supervising_office
from departments.roles import Role
from firstask.workflow import now_or

from ..choices import Channel, Kind
from ..errors import InvalidInput
from ..models import Case
from ..signals import complaint_registered
from .registration import case_register


def complaint_receiver(organisation: Organisation, subject_staff: Staff | None) -> Staff | None:
    """The staff member a public complaint is registered in the name of, or None."""
    office = supervising_office(organisation.pk)
    if office is None:
        return None
    head = office.head
    if head is not None and head.is_active and head.pk != subject_staff.pk:
        return head
    members = [
        member
        for member in office.staff.filter(is_active=True).select_related("user")
        if member.pk != subject_staff.pk
    ]
    supervisors = [member for member in members if has_role(member.user, Role.SUPERVISOR)]
    ranked = sorted(supervisors or members, key=lambda member: (-member.rank, member.pk))
    return ranked[0] if ranked else None


@transaction.atomic
def case_register_public_complaint(
    *,
    organisation: Organisation,
    subject_staff: Staff | None,
    text: str,
    person: dict[str, str] | None = None,
    channel: str = Channel.WEB,
    at: datetime | None = None,
) -> Case:
    """Register a public complaint about ``subject_staff`` with the supervising office."""
    if subject_staff is None or subject_staff.organisation_id != organisation.pk:
        raise InvalidInput(_("Choose the staff member the complaint is about."), field="staff")
    receiver = complaint_receiver(organisation, subject_staff)
    if receiver is None:
        raise InvalidInput(
            _("This organisation cannot receive complaints online yet. Please call or visit.")
        )
    person = {key: value for key, value in (person or {}).items() if value}
    at = now_or(at)
    case = case_register(
        by=receiver.user,
        at=at,
        channel=channel,
        kind=Kind.COMPLAINT,
        matter_text=text,
        subject_staff=subject_staff,
        person=person,
        is_anonymous=not person,
        is_confidential=True,
        # The timeline says where it came from: nobody at the office was asked in person.
        register_note=_(
            "Submitted by the public on the complaint page; registered for the supervising office."
        ),
    )
    complaint_registered.send(sender=type(case), case=case, at=at)
    return case
