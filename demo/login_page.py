"""The demo's part of the login page: with DEBUG on it offers the demo logins, so following
a case from one department to another never means guessing who to log in as. Plugged into
departments.login through ``settings.LOGIN_PAGE_EXTRAS``."""

from django.conf import settings

from departments.models import Organisation

from .data_organisation import ORGANISATION
from .data_staff import DEFAULT_PASSWORD, DEMO_LOGINS, PLATFORM_USERNAME
from .logins import staff_by_department


def demo_logins():
    """(role logins [(username, role)], staff per department) of the demo organisation
    when it exists, else None."""
    organisation = Organisation.objects.filter(code=ORGANISATION["code"]).first()
    if organisation is None:
        return None
    roles = [(username, str(role.label)) for username, role in DEMO_LOGINS]
    return {
        "roles": [*roles, (PLATFORM_USERNAME, "platform")],
        "departments": staff_by_department(organisation),
        "password": DEFAULT_PASSWORD,
    }


def login_page_extras(request):
    # Read per request: never at import time, and never outside DEBUG.
    if settings.DEBUG:
        return {"demo": demo_logins()}
    return None
