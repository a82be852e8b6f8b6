"""Reads for the staff pages. Every list starts from ``Case.objects.for_user`` and joins
what its rows show, so a page costs the same few queries with ten cases or a million."""

from django.db.models import Count, Q

from departments.access import has_role
from departments.models import Department
from departments.roles import Role

from .choices import Kind, State
from .deadline_display import DEADLINE_RELATED
from .masking import with_identity_visibility
from .models import Case
from .models.queryset import AWAITING_SIGN_FOR, SIGNED_FOR

LIST_RELATED = ("current_department", "handler", "first_staff")


def visible_cases(user):
    return Case.objects.for_user(user)


def list_rows(queryset, user):
    """The columns of a case list in one query, identities masked as the user may see."""
    queryset = queryset.select_related(*LIST_RELATED, *DEADLINE_RELATED)
    return with_identity_visibility(queryset, user)


# "My cases": what a person follows up, handles, or must sign for.
def my_tabs(staff):
    incoming = Q(current_department=staff.department_id) & (
        AWAITING_SIGN_FOR | Q(state=State.REGISTERED, needs_arbitration=True)
    )
    return {
        "follow_up": (Q(first_staff=staff) | Q(registered_by=staff)) & ~Q(state=State.CALLED_BACK),
        "assigned": Q(handler=staff, state=State.TRANSFERRED),
        "incoming": incoming,
    }


def tab_counts(user, tabs):
    """How many cases each tab holds, in one query."""
    return visible_cases(user).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in tabs.items()}
    )


def filter_cases(queryset, *, state="", kind="", q=""):
    """The list filters: state, kind, and a number or matter-text search."""
    if state in State.values:
        queryset = queryset.filter(state=state)
    if kind in Kind.values:
        queryset = queryset.filter(kind=kind)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(number__iexact=q) | Q(matter_text__icontains=q))
    return queryset


# Department queue: the cases a head's departments hold and must get handled.
def queue_departments(staff, user):
    """The departments whose queue the user runs: those they head, and their own when they
    hold the head or supervisor role."""
    ids = {d.pk for d in staff.headed_departments.all()}
    if has_role(user, Role.HEAD, Role.SUPERVISOR):
        ids.add(staff.department_id)
    return list(
        Department.objects.for_user(user).filter(pk__in=ids, is_active=True).order_by("name")
    )


QUEUE_VIEWS = {
    "waiting": AWAITING_SIGN_FOR | Q(state=State.REGISTERED, needs_arbitration=True),
    "in_handling": SIGNED_FOR,
    "held": Q(state=State.REGISTERED),
}


def department_queue(user, departments):
    """Open, unresolved cases currently with the given departments."""
    return visible_cases(user).filter(
        current_department__in=departments, state__in=(State.REGISTERED, State.TRANSFERRED)
    )
