"""The table of demo logins the command prints at the end of every run."""

import unicodedata
from typing import NamedTuple

from django.contrib.auth import get_user_model

from departments.models import Staff

from .data_staff import DEMO_LOGINS, PLATFORM_USERNAME, STAFF

HEADERS = ("username", "password", "role", "name", "department")
# Passwords are only set when a login is created, so an older login may have another one
# (changed by its user, or created by a run with a different --password).
KEPT = "(kept from before)"


class Login(NamedTuple):
    username: str
    password: str
    role: str
    name: str
    department: str


def demo_logins(password):
    User = get_user_model()
    wanted = [*(username for username, _role in DEMO_LOGINS), PLATFORM_USERNAME]
    users = {
        user.username: user
        for user in User.objects.filter(username__in=wanted).select_related("staff__department")
    }
    roles = {**dict(DEMO_LOGINS), PLATFORM_USERNAME: "platform operator (superuser)"}
    logins = []
    for username in wanted:
        user = users.get(username)
        if user is None:
            continue
        member = getattr(user, "staff", None)
        logins.append(
            Login(
                username=username,
                password=password.raw if password.matches(user.password) else KEPT,
                role=str(roles[username]),
                name=member.name if member else "-",
                department=member.department.name if member else "-",
            )
        )
    return logins


def _width(text):
    # Chinese characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(rows, headers=HEADERS):
    widths = [
        max(_width(str(value)) for value in column) for column in zip(headers, *rows, strict=True)
    ]

    def line(values):
        cells = [str(v) + " " * (w - _width(str(v))) for v, w in zip(values, widths, strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


STAFF_HEADERS = ("username", "name", "position", "roles")


def staff_by_department(organisation):
    """Every demo staff member's login, grouped by department: [(department, rows)]."""
    members = (
        Staff.objects.for_organisation(organisation)
        .filter(badge_number__in=[row.badge_number for row in STAFF])
        .select_related("user", "department")
        .prefetch_related("user__groups")
        .order_by("department__sort_order", "department__name", "badge_number")
    )
    groups = {}
    for member in members:
        roles = ", ".join(sorted(g.name for g in member.user.groups.all()))
        groups.setdefault(member.department.name, []).append(
            (member.user.username, member.name, member.position, roles)
        )
    return list(groups.items())


def format_staff_logins(organisation, password):
    """All demo staff share one password: say so, then list every login per department."""
    lines = [
        "",
        f"All demo staff share the password {password} "
        f"(a login kept from before keeps its own). Every demo login, per department:",
    ]
    for department, rows in staff_by_department(organisation):
        lines += ["", f"[{department}]", format_table(rows, STAFF_HEADERS)]
    return "\n".join(lines)
