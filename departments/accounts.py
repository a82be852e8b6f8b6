"""A staff member's login as the staff table shows it (login name, e-mail address, roles):
read, checked and saved in one place.

Roles are the login's Django groups named after ``Role`` (``departments.roles``); groups
that are not roles are left alone. Setting an account's roles revokes the ones it no
longer lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Staff
from .roles import ADMIN_ROLES, Role

ROLE_CODES = frozenset(Role.values)
ADMIN_ROLE_CODES = frozenset(role.value for role in ADMIN_ROLES)


@dataclass(frozen=True)
class Account:
    login: str = ""
    email: str = ""
    roles: frozenset[str] = frozenset()


def account_of(staff) -> Account:
    """``staff``'s login as it is saved (an empty account for a staff member not yet saved)."""
    if staff.user_id is None:
        return Account()
    user = staff.user
    groups = frozenset(group.name for group in user.groups.all())
    return Account(user.username, user.email, groups & ROLE_CODES)


def roles_text(codes) -> str:
    """Role codes as the staff table shows them: their names, in the order of ``Role``."""
    return "、".join(str(label) for code, label in Role.choices if code in codes)


def account_problems(staff, account: Account, *, by=None) -> dict[str, list[str]]:
    """Why ``staff``'s login cannot become ``account``, by part of the account (``login``,
    ``email``, ``roles``) and ``is_active``; ``by`` is the login making the change, who may
    not lock themselves out."""
    User = get_user_model()
    others = User.objects.exclude(pk=staff.user_id) if staff.user_id else User.objects.all()
    problems: dict[str, list[str]] = {}
    if not account.login:
        problems["login"] = [_("Every staff member needs a login name.")]
    else:
        problems["login"] = _field_problems(User, "username", account.login)
        if not problems["login"] and others.filter(username=account.login).exists():
            problems["login"] = [
                _("The login “%(login)s” is already taken; choose another.")
                % {"login": account.login}
            ]
    problems["email"] = _field_problems(User, "email", account.email)
    if account.email and not problems["email"]:
        # Deadline mail goes to this address: two colleagues sharing one would read each
        # other's. Checked within the organisation only: other tenants' logins stay unseen.
        holder = (
            Staff.objects.for_organisation(staff.organisation)
            .exclude(pk=staff.pk)
            .filter(user__email__iexact=account.email)
            .first()
        )
        if holder is not None:
            problems["email"] = [
                _("“%(email)s” is already the e-mail address of %(staff)s.")
                % {"email": account.email, "staff": holder}
            ]
    if by is not None and staff.user_id is not None and staff.user_id == by.pk:
        if Role.ADMINISTRATOR.value not in account.roles:
            problems["roles"] = [_("You cannot take the administrator role from yourself.")]
        if not staff.is_active:
            problems["is_active"] = [_("You cannot deactivate your own login.")]
    return {part: messages for part, messages in problems.items() if messages}


def _field_problems(model, name, value) -> list[str]:
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        return list(error.messages)
    return []


def save_account(staff, account: Account) -> None:
    """Gives ``staff`` the login ``account`` describes, with exactly its roles: a new login
    has no password (an administrator sets it) and works in the admin when one of its roles
    does; it is active while the staff member is. Saves the login, not ``staff``."""
    user = staff.user if staff.user_id else get_user_model()()
    if user.pk is None:
        user.set_unusable_password()
    user.username = account.login
    user.email = account.email
    user.is_staff = bool(account.roles & ADMIN_ROLE_CODES)
    user.is_active = staff.is_active
    user.save()
    staff.user = user
    held = {group.name: group for group in user.groups.filter(name__in=ROLE_CODES)}
    user.groups.remove(*[group for name, group in held.items() if name not in account.roles])
    user.groups.add(*Group.objects.filter(name__in=account.roles - set(held)))
