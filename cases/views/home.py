"""The site's front door: staff go to their workspace, the public to the public pages."""

from django.shortcuts import redirect

from departments.access import staff_of
from departments.models import Organisation

from .public import organisations


def home(request):
    user = request.user
    if user.is_authenticated:
        if staff_of(user) is not None:
            return redirect("cases:my_cases")
        if user.is_staff:
            return redirect("admin:index")
    active = list(Organisation.objects.filter(is_active=True).values_list("code", flat=True)[:2])
    if len(active) == 1:
        return redirect("public:home", org=active[0])
    return organisations(request)
