"""The staff member a service acts as: every app's services ask this before acting."""

from firstask.errors import ActionNotAllowed
from firstask.workflow import Login, Message

from .access import staff_of
from .models import Staff


def acting_staff_member(
    user: Login, organisation_id: int | None = None, *, inactive: Message, elsewhere: Message
) -> Staff:
    """The active staff member behind ``user``, of organisation ``organisation_id`` when
    given; ActionNotAllowed with ``inactive`` or ``elsewhere`` otherwise. The services of
    every app ask this before acting, each with its own words."""
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        raise ActionNotAllowed(inactive)
    if organisation_id is not None and staff.organisation_id != organisation_id:
        raise ActionNotAllowed(elsewhere)
    return staff
