"""Repeated complaints (重复投诉, seed 002 rule 三): which earlier complaint a new one repeats.

A complaint about a staff member repeats an earlier complaint about the same person when
the same complainant made both (the same phone number, however written), or both are about
the same case — a case that staff merged into another as its repeat (并单) included. The
repeat points at the first complaint of its thread (``Violation.repeat_of``), and the rules
counting offences "about the same case" count a thread's complaints together
(``engine.about_the_same``): the second substantiated complaint of a thread in the year is
the second offence.

Only violations are compared, server-side: the public complaint page shows nothing of it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from cases.phones import phone_key
from departments.models import Staff
from firstask.workflow import Login

from ..models import COUNTED_STATES, Violation, ViolationAction, ViolationKind
from .base import lock_violation, record_event, save_violation
from .ledger import reconcile_ledger

SAME_CASE = gettext_lazy("about the same case")
MERGED = gettext_lazy("about a case that staff merged into the same case as a repeat")
SAME_COMPLAINANT = gettext_lazy("the same complainant (phone number) about the same staff member")


def _main_case(case: Case) -> int:
    """The case a case is handled as: its main case once merged into one (并单)."""
    return case.merged_into_id or case.pk


def repeated_complaint(violation: Violation) -> tuple[Violation, str] | None:
    """The earlier complaint that the complaint ``violation`` repeats, and why; None when
    it repeats none (or is no complaint about a case)."""
    if violation.kind != ViolationKind.COMPLAINT:
        return None
    case = violation.case
    if case is None:
        return None
    phone = phone_key(case.person_phone)
    earlier = (
        Violation.objects.filter(
            organisation=violation.organisation_id,
            staff=violation.staff_id,
            kind=ViolationKind.COMPLAINT,
            case__isnull=False,
        )
        .filter(
            Q(occurred_at__lt=violation.occurred_at)
            | Q(occurred_at=violation.occurred_at, pk__lt=violation.pk)
        )
        .select_related("case")
        .order_by("-occurred_at", "-pk")
    )
    # The complaints about one staff member are few: compare them here, where a phone
    # number is compared however it was written.
    for candidate in earlier:
        other = candidate.case
        if other is None:  # filtered out above
            continue
        if other.pk == case.pk:
            return candidate, str(SAME_CASE)
        if _main_case(other) == _main_case(case):
            return candidate, str(MERGED)
        if phone and phone_key(other.person_phone) == phone:
            return candidate, str(SAME_COMPLAINANT)
    return None


def link_repeat(violation: Violation, *, at: datetime, user: Login = None) -> bool:
    """Point the complaint ``violation`` at the first complaint of the thread it repeats,
    with a line on its timeline; complaints that repeated it follow. Returns whether
    anything changed (the caller reconciles the ledger of substantiated ones)."""
    found = repeated_complaint(violation)
    if found is None:
        return False
    earlier, why = found
    first = earlier.repeat_of or earlier
    if first.pk in (violation.pk, violation.repeat_of_id):
        return False
    note = _("Repeat of the complaint of %(date)s (case %(number)s): %(why)s.") % {
        "date": f"{timezone.localtime(earlier.occurred_at):%Y-%m-%d}",
        "number": earlier.case.number if earlier.case is not None else "",
        "why": why,
    }
    followers = list(Violation.objects.filter(repeat_of=violation).order_by("pk"))
    linked = _point(violation, first, note=note, at=at, user=user)
    # The caller's copy stays current (a later step on it must not look outdated).
    violation.repeat_of, violation.version = first, linked.version
    for follower in followers:
        _point(follower, first, note=note, at=at, user=user)
    return True


def _point(
    violation: Violation, first: Violation, *, note: str, at: datetime, user: Login
) -> Violation:
    locked = lock_violation(violation, check_version=False)
    locked.repeat_of = first
    save_violation(locked, user)
    record_event(
        locked, ViolationAction.REPEAT, user=user, at=at, from_state=locked.state, note=note
    )
    return locked


def link_merged_complaints(*, main: Case, at: datetime, user: Login = None) -> None:
    """After a case was merged into ``main`` (并单), the complaints about its cases are one
    thread: link them, and re-count the ledgers of the people whose counted offences moved."""
    complaints = Violation.objects.filter(
        Q(case=main) | Q(case__merged_into=main), kind=ViolationKind.COMPLAINT
    ).order_by("occurred_at", "pk")
    relinked = set()
    # One at a time, read afresh: linking one may have re-pointed the next.
    for pk in list(complaints.values_list("pk", flat=True)):
        violation = Violation.objects.select_related("case").get(pk=pk)
        if link_repeat(violation, at=at, user=user):
            relinked.add(violation.staff_id)
    recount(relinked, at=at, user=user)


def recount(staff_ids: Iterable[int | None], *, at: datetime, user: Login = None) -> None:
    """Re-count the ledgers of people whose complaint threads changed, where they have
    substantiated offences to re-count."""
    counted = Violation.objects.filter(staff__in=staff_ids, state__in=COUNTED_STATES)
    for staff in Staff.objects.filter(pk__in=counted.values("staff")).order_by("pk"):
        reconcile_ledger(staff=staff, at=at, user=user)
