"""Who a user is inside firstask: their staff record, organisation and roles."""

from typing import TYPE_CHECKING

from firstask.errors import ActionNotAllowed
from firstask.workflow import Login, Message

from .roles import Role

if TYPE_CHECKING:
    from .models import Staff


def staff_of(user):
    """The user's staff record, or None (anonymous users, platform operators)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.staff
    except AttributeError:
        return None
    except user._meta.model.staff.RelatedObjectDoesNotExist:
        return None


def organisation_of(user):
    staff = staff_of(user)
    return staff.organisation if staff else None


def roles_of(user):
    """The set of role codes of the user, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_firstask_roles", None)
    if cached is None:
        codes = {choice.value for choice in Role}
        cached = frozenset(
            name for name in user.groups.values_list("name", flat=True) if name in codes
        )
        user._firstask_roles = cached
    return cached


def has_role(user, *roles):
    return bool(roles_of(user) & {str(role) for role in roles})


def sees_all_organisations(user):
    """Platform operators (superusers without a staff record) administer every tenant."""
    return bool(user and user.is_authenticated and user.is_superuser and staff_of(user) is None)


def acting_staff_member(
    user: Login, organisation_id: int | None = None, *, inactive: Message, elsewhere: Message
) -> "Staff":
    """The active staff member behind ``user``, of organisation ``organisation_id`` when
    given; ActionNotAllowed with ``inactive`` or ``elsewhere`` otherwise. The services of
    every app ask this before acting, each with its own words."""
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        raise ActionNotAllowed(inactive)
    if organisation_id is not None and staff.organisation_id != organisation_id:
        raise ActionNotAllowed(elsewhere)
    return staff
