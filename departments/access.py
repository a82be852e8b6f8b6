"""Who a user is inside firstask: their staff record, organisation and roles."""

from .roles import Role


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
