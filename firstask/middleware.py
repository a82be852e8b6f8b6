from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_cache_control

if TYPE_CHECKING:
    # django-stubs' name for the read-only QueryDict of ``request.GET`` and ``request.POST``.
    from django.http.request import _ImmutableQueryDict

GetResponse = Callable[[HttpRequest], HttpResponse]


def chosen_language(request: HttpRequest) -> str:
    """The language picked with the language switcher (its cookie), else the site's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Chinese unless the user picked another language with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, which
    turns a Chinese office's machines with English browsers into an English interface.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


NUL = "\x00"


def _without_nul(query: "_ImmutableQueryDict") -> "_ImmutableQueryDict":
    if not any(NUL in key or any(NUL in v for v in values) for key, values in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in values])
    return QueryDict(cleaned.urlencode(), encoding=query.encoding)  # read-only, as Django's


class NulByteMiddleware:
    """Drops NUL characters from every query string, form field and cookie.

    PostgreSQL refuses NUL in text, so one in a search box (``?q=%00``) turned into a server
    error; NUL is never meaningful input, so it is removed once here for every view, form
    and admin page instead of in each of them. A path containing one matches nothing.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            raise Http404
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            request.POST = _without_nul(request.POST)
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            request.COOKIES = {
                key.replace(NUL, ""): value.replace(NUL, "")
                for key, value in request.COOKIES.items()
            }
        return self.get_response(request)


class NoStoreWhenLoggedInMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in person.

    Counters are shared machines: a case, a person's phone number or an export must not stay
    in the browser's cache (or a proxy's) for the next person at the keyboard to reopen.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
            response.headers.pop("Expires", None)
        return response
