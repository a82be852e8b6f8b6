"""Small display helpers of the staff and public pages."""

from django import template
from django.utils import timezone
from django.utils.text import capfirst

from departments.access import has_role, staff_of
from departments.roles import Role

from .. import masking, permissions
from ..models import Case
from ..timelimits.deadline_display import deadline_badge, supervision_level

register = template.Library()


@register.inclusion_tag("cases/_deadline.html")
def deadline(case, now=None):
    """The running stage's deadline badge, labelled with the stage: it is not the
    resolution date promised on the receipt (see the case page)."""
    badge = deadline_badge(case, now)
    stage = case.current_clock.get_stage_display() if badge is not None else ""
    return {"badge": badge, "stage": stage}


@register.inclusion_tag("cases/_supervision.html")
def supervision(case, now=None):
    """The supervision colour badge; lists annotate ``urgings_count`` (with_desk_marks)."""
    urgings = getattr(case, "urgings_count", None)
    if urgings is None:
        urgings = case.urgings.count()
    return {"level": supervision_level(case, now or timezone.now(), urgings)}


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
    return capfirst(Case._meta.get_field(name).verbose_name)


@register.simple_tag
def retransfer_target(case, user):
    """The department a returned case was proposed for, when ``user`` may send it there."""
    if not case.is_returned:
        return None
    proposed = case.current_transfer.proposed_department
    if proposed is None or proposed.pk == case.current_department_id:
        return None
    return proposed if permissions.may_send_onward(case, user) else None
