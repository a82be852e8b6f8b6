"""Reads for the staff pages. Every list starts from ``Case.objects.for_user`` and joins
what its rows show, so a page costs the same few queries with ten cases or a million."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from departments.access import has_role
from departments.models import Department, Matter, Staff
from departments.roles import Role
from firstask.workflow import Login

from .choices import Kind, State
from .masking import with_identity_visibility
from .models import Case
from .models.queryset import IN_HANDLING, INCOMING, SIGNED_FOR
from .permissions import sees_confidential_identities
from .timelimits.deadline_display import DEADLINE_RELATED

LIST_RELATED = (
    "current_department",
    "handler",
    "first_staff",
    "current_transfer__proposed_department",
)
# The desk's marks (退回, 催办, 逾期): a badge on each row and a filter for each.
FLAGS = ("returned", "urged", "overdue")


def visible_cases(user: Login) -> QuerySet[Case]:
    return Case.objects.for_user(user)


def possible_duplicates(
    user: Login,
    *,
    phone: str = "",
    name: str = "",
    matter: Matter | None = None,
    address: str = "",
    since: datetime | None = None,
    exclude: Case | None = None,
    with_confidential: bool = True,
) -> QuerySet[Case]:
    """Cases that may be the same request again: the one selector for every "possible
    duplicates" list (case page, intake page).

    The same person (phone or name), narrowed to ``matter`` when one is given; with an
    ``address`` also any case about ``matter`` at that address. Open cases only, unless
    ``since`` is given: then every case registered since then (a closed one can still be
    linked as related). Only cases the user may open (``visible_cases``); a confidential
    report never appears for a user who may not see who made it, since a match on phone or
    name would reveal the reporter, and never at all with ``with_confidential=False``.
    """
    cases = Case.objects.for_user(user).counted()
    cases = cases.open() if since is None else cases.filter(registered_at__gte=since)
    if not with_confidential or not sees_confidential_identities(user):
        cases = cases.filter(is_confidential=False)
    address = (address or "").strip()
    same_person = cases.same_person(phone=(phone or "").strip(), name=(name or "").strip())
    if address and matter is not None:
        cases = same_person | cases.filter(matter=matter, person_address=address)
    elif matter is not None:
        cases = same_person.filter(matter=matter)
    else:
        cases = same_person
    if exclude is not None:
        cases = cases.exclude(pk=exclude.pk)
    return cases.select_related("current_department").order_by("-registered_at")


def list_rows(queryset: QuerySet[Case], user: Login) -> QuerySet[Case]:
    """The columns of a case list in one query, identities masked as the user may see."""
    queryset = queryset.select_related(*LIST_RELATED, *DEADLINE_RELATED).with_desk_marks()
    return with_identity_visibility(queryset, user)


# "My cases": what a person follows up, handles, or must sign for. Each condition names the
# person or their department, so every case in a tab is one ``visible_cases`` lets the
# person see; the tabs are read with ``in_organisation_of``, from the partial index of
# each condition (Case.Meta.indexes), and cost the same at 10k or a million cases.
def my_tabs(staff: Staff) -> dict[str, Q]:
    return {
        "follow_up": (Q(first_staff=staff) | Q(registered_by=staff)) & ~Q(state=State.CALLED_BACK),
        "assigned": Q(handler=staff) & IN_HANDLING,
        "incoming": Q(current_department=staff.department_id) & INCOMING,
    }


# Where a person lands: the first tab with work waiting, in this order.
LANDING_ORDER = ("assigned", "incoming", "follow_up")


def landing_tab(counts: dict[str, int]) -> str:
    return next((name for name in LANDING_ORDER if counts.get(name)), "follow_up")


def tab_cases(user: Login, tabs: dict[str, Q], tab: str) -> QuerySet[Case]:
    """The cases of one tab of ``my_tabs``."""
    return Case.objects.in_organisation_of(user).filter(tabs[tab])


def tab_counts(user: Login, tabs: dict[str, Q]) -> dict[str, int]:
    """How many cases each tab holds: one count per tab, each from its own index."""
    return {name: tab_cases(user, tabs, name).count() for name in tabs}


def filter_cases(
    queryset: QuerySet[Case],
    *,
    state: str = "",
    kind: str = "",
    q: str = "",
    flag: str = "",
    now: datetime | None = None,
) -> QuerySet[Case]:
    """The list filters: state, kind, a mark (returned, urged, overdue), and a number or
    matter-text search."""
    if flag == "returned":
        queryset = queryset.returned()
    elif flag == "urged":
        queryset = queryset.urged()
    elif flag == "overdue":
        queryset = queryset.by_deadline("overdue", now or timezone.now())
    if state in State.values:
        queryset = queryset.filter(state=state)
    if kind in Kind.values:
        queryset = queryset.filter(kind=kind)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(number__iexact=q) | Q(matter_text__icontains=q))
    return queryset


# Department queue: the cases a head's departments hold and must get handled.
def queue_departments(staff: Staff, user: Login) -> list[Department]:
    """The departments whose queue the user runs: those they head, and their own when they
    hold the head or supervisor role."""
    ids = {d.pk for d in staff.headed_departments.all()}
    if has_role(user, Role.HEAD, Role.SUPERVISOR):
        ids.add(staff.department_id)
    return list(
        Department.objects.for_user(user).filter(pk__in=ids, is_active=True).order_by("name")
    )


QUEUE_VIEWS = {
    "waiting": INCOMING,
    "in_handling": SIGNED_FOR,
    "held": Q(state=State.REGISTERED),
}


def department_queue(user: Login, departments: Iterable[Department]) -> QuerySet[Case]:
    """Open, unresolved cases currently with the given departments (those of
    ``queue_departments``: the user heads them or works there, so ``visible_cases`` lets
    every such case through)."""
    return Case.objects.in_organisation_of(user).filter(
        current_department__in=departments, state__in=(State.REGISTERED, State.TRANSFERRED)
    )
