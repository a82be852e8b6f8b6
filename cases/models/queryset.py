from django.db.models import Case as Switch
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from departments.access import has_role, sees_all_organisations, staff_of
from departments.roles import Role
from departments.scoping import OrganisationQuerySet

from ..choices import State
from .clock import status_condition
from .timeline import UrgingNotice
from .transfer import Transfer

# Back at a department after a return the supervising office has not overruled.
RETURNED = Q(
    state=State.REGISTERED,
    current_transfer__returned_at__isnull=False,
    current_transfer__return_rejected=False,
)

# Sent to a department and not signed for yet (the case's own fields say so: the
# current transfer's ``accepted_at`` is copied onto the case when it is signed for); from
# then on it is signed for and in handling. ``Case.awaiting_sign_for`` and
# ``Case.is_signed_for`` say the same of one case.
AWAITING_SIGN_FOR = Q(state=State.TRANSFERRED, accepted_at__isnull=True)
SIGNED_FOR = Q(state=State.TRANSFERRED, accepted_at__isnull=False)
# What a department must take up: cases awaiting sign-for, and cases the desk holds until
# the supervising office arbitrates. A partial index has exactly this condition.
INCOMING = AWAITING_SIGN_FOR | Q(state=State.REGISTERED, needs_arbitration=True)
# Cases in handling by their handler (a partial index has this condition too).
IN_HANDLING = Q(state=State.TRANSFERRED)

# Roles that oversee every case of their organisation.
ORGANISATION_WIDE_ROLES = (Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR)


class CaseQuerySet(OrganisationQuerySet):
    def for_user(self, user):
        """Organisation-wide for supervisors, auditors and administrators; otherwise the
        cases a person or their department is involved in (need to know)."""
        scoped = super().for_user(user)
        if sees_all_organisations(user) or has_role(user, *ORGANISATION_WIDE_ROLES):
            return scoped
        staff = staff_of(user)
        if staff is None:
            return scoped.none()
        departments = {staff.department_id} | {d.pk for d in staff.headed_departments.all()}
        # Exists, not a join: a join on transfers would need DISTINCT over the whole list.

        sent_to_them = Transfer.objects.filter(case=OuterRef("pk"), to_department__in=departments)
        return scoped.filter(
            Q(first_staff=staff)
            | Q(handler=staff)
            | Q(registered_by=staff)
            | Q(first_department__in=departments)
            | Q(current_department__in=departments)
            | Exists(sent_to_them)
        )

    def on_receipt(self, organisation, number: str, code: str):
        """The case of ``organisation`` whose receipt carries this number and query code (the
        person's proof, on every public page that acts on a case): at most one."""
        return self.for_organisation(organisation).filter(number=number, query_code=code)

    def in_organisation_of(self, user):
        """All of the user's organisation's cases, without the need-to-know rule of
        ``for_user``: only for a condition that already names the user or one of their
        departments (a tab of "My cases", a department queue), whose cases ``for_user``
        would all let through. Leaving out its OR over six relations and a subquery lets
        the database read such a list from the condition's own index."""
        return super().for_user(user)

    def open(self):
        return self.exclude(state=State.CALLED_BACK)

    def awaiting_sign_for(self):
        return self.filter(AWAITING_SIGN_FOR)

    def signed_for(self):
        return self.filter(SIGNED_FOR)

    def returned(self):
        return self.filter(RETURNED)

    def urged(self):
        """Open cases the supervising office has sent an urging notice about."""
        return self.open().filter(Exists(UrgingNotice.objects.filter(case=OuterRef("pk"))))

    def with_desk_marks(self):
        """Annotate ``urgings_count`` and ``returned_first`` (0 for a returned case), which
        the desk lists show as badges and sort by."""
        urgings = (
            UrgingNotice.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            urgings_count=Coalesce(Subquery(urgings, output_field=IntegerField()), 0),
            returned_first=Switch(When(RETURNED, then=Value(0)), default=Value(1)),
        )

    def counted(self):
        """Cases that count in the metrics: a merged duplicate counts once, as its main case."""
        return self.filter(merged_into__isnull=True)

    def merged(self):
        """Duplicates merged into another case (并单): the metrics count them once, as
        their main case."""
        return self.filter(merged_into__isnull=False)

    def by_deadline(self, status, now):
        """Cases whose running stage is ``status`` at ``now``: "overdue", "warning" (past
        the warning point, not yet due), "on_time", or "paused" (waiting for materials)."""
        return self.filter(
            Q(current_clock__isnull=False) & status_condition(status, now, prefix="current_clock__")
        )

    def same_person(self, *, phone="", name=""):
        criteria = Q()
        if phone:
            criteria |= Q(person_phone=phone)
        if name:
            criteria |= Q(person_name=name)
        return self.filter(criteria) if criteria else self.none()
