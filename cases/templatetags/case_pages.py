"""Small display helpers of the staff and public pages."""

from django import template
from django.utils.text import capfirst

from departments.access import has_role, staff_of
from departments.roles import Role

from .. import masking
from ..deadline_display import deadline_badge

register = template.Library()


@register.inclusion_tag("cases/_deadline.html")
def deadline(case, now=None):
    """The case's deadline badge; renders nothing until the time-limit helper exists."""
    return {"badge": deadline_badge(case, now)}


@register.filter
def person(case):
    return masking.person_summary(case)


@register.filter
def person_field(case, field):
    return masking.person_value(case, field)


@register.simple_tag
def runs_queue(user):
    """Whether the user has a department queue (heads and supervisors)."""
    staff = staff_of(user)
    if staff is None:
        return False
    return has_role(user, Role.HEAD, Role.SUPERVISOR) or staff.headed_departments.exists()


@register.simple_tag
def case_label(name):
    """A case field's own label (already in the catalogue), e.g. {% case_label "kind" %}."""
    from ..models import Case

    return capfirst(Case._meta.get_field(name).verbose_name)


@register.simple_tag
def retransfer_target(case, user):
    """The department a returned case was proposed for, when ``user`` may send it there."""
    from .. import permissions

    if not case.is_returned:
        return None
    proposed = case.current_transfer.proposed_department
    if proposed is None or proposed.pk == case.current_department_id:
        return None
    return proposed if permissions.may_send_onward(case, user) else None
