from django import template

from .. import permissions

register = template.Library()


@register.simple_tag
def reads_reports(user) -> bool:
    """Whether the dashboard link is shown: supervisors, auditors, administrators."""
    return permissions.may_read_reports(user)
