from django.db.models import Q

from departments.access import has_role, sees_all_organisations, staff_of
from departments.roles import Role
from departments.scoping import OrganisationQuerySet

# Roles that oversee the whole organisation's accountability ledger.
ORGANISATION_WIDE_ROLES = (Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR)


class LedgerQuerySet(OrganisationQuerySet):
    """Organisation-wide for supervisors, auditors and administrators; a department head sees
    the departments they head, anyone else only their own rows (need to know)."""

    staff_field = "staff"
    department_field = "department"

    def for_user(self, user):
        scoped = super().for_user(user)
        if sees_all_organisations(user) or has_role(user, *ORGANISATION_WIDE_ROLES):
            return scoped
        staff = staff_of(user)
        if staff is None:
            return scoped.none()
        headed = [d.pk for d in staff.headed_departments.all()]
        led = [d.pk for d in staff.supervised_departments.all()]
        return scoped.filter(
            Q(**{self.staff_field: staff}) | Q(**{f"{self.department_field}__in": headed + led})
        )
