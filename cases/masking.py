"""Masking of a confidential case's person for everyone but supervisors and auditors.

Querysets shown to a user are annotated with ``identity_visible`` (computed in SQL, so
lists need no per-row checks); display code reads that flag.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils.translation import gettext_lazy as _

from .permissions import sees_confidential_identities

PERSON_FIELDS = ("person_name", "person_unit", "person_address", "person_phone", "person_email")
MASK = _("(confidential)")


def with_identity_visibility(queryset, user):
    if sees_confidential_identities(user):
        return queryset.annotate(identity_visible=Value(True, output_field=BooleanField()))
    return queryset.annotate(
        identity_visible=ExpressionWrapper(Q(is_confidential=False), output_field=BooleanField())
    )


def person_value(case, field):
    value = getattr(case, field)
    if getattr(case, "identity_visible", not case.is_confidential):
        return value
    return MASK if value else ""


def person_summary(case):
    if case.is_anonymous:
        return _("Anonymous")
    if not getattr(case, "identity_visible", not case.is_confidential):
        return MASK
    return " ".join(part for part in (case.person_name, case.person_phone) if part)
