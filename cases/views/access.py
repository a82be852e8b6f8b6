"""Who may open the staff pages: a logged-in, active staff member."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from departments.models import Staff


def staff_required(view):
    """Log in first; then only active staff (platform operators work in the admin).

    The staff record is read once with its organisation and department and put on
    ``request.staff`` and on the user, so later ``staff_of(user)`` calls are free.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        staff = (
            Staff.objects.select_related("organisation", "department")
            .filter(user=request.user, is_active=True, organisation__is_active=True)
            .first()
        )
        if staff is None:
            raise PermissionDenied
        request.user.staff = staff
        request.staff = staff
        return view(request, *args, **kwargs)

    return wrapper
