"""The login page. Apps above may add to its context (the demo lists its logins there) by
naming a function in ``settings.LOGIN_PAGE_EXTRAS``: each takes the request and returns a
dict (or None); nothing here knows who they are."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.module_loading import import_string


def login_page_extras(request) -> dict:
    extras: dict = {}
    for path in getattr(settings, "LOGIN_PAGE_EXTRAS", ()):
        extras.update(import_string(path)(request) or {})
    return extras


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(login_page_extras(self.request))
        return context
