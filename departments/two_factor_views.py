"""The second login step: enrol an authenticator (first login) or type its code.

``TwoFactorRequiredMiddleware`` sends every logged-in administrator, supervisor, auditor
and platform operator here until their session is verified; the services are in
departments/two_factor.py.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import two_factor

EXEMPT_URL_NAMES = {"login", "logout", "two_factor_verify", "two_factor_enrol", "set_language"}
EXEMPT_NAMESPACES = {"public", "open311"}
EXEMPT_PATHS = ("/health/",)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


class TwoFactorRequiredMiddleware:
    """Until the session has a verified device, a user whose role needs two-factor login
    reaches only the login, logout, two-factor and public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and (
            match.url_name in EXEMPT_URL_NAMES or set(match.namespaces) & EXEMPT_NAMESPACES
        ):
            return None
        if request.path.startswith(EXEMPT_PATHS):
            return None
        user = request.user
        if not two_factor.requires_two_factor(user) or two_factor.is_verified(user):
            return None
        name = "two_factor_verify" if two_factor.has_authenticator(user) else "two_factor_enrol"
        return redirect(f"{resolve_url(name)}?{urlencode({'next': request.get_full_path()})}")


@never_cache
@login_required
def verify(request):
    user = request.user
    if not two_factor.requires_two_factor(user) or two_factor.is_verified(user):
        return redirect(_next(request))
    if not two_factor.has_authenticator(user):
        return redirect(f"{resolve_url('two_factor_enrol')}?{_next_query_from(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("The code is wrong or has expired. Try the next code."))
    demo_code = two_factor.current_demo_code(user) if settings.DEBUG else None
    context = {"form": form, "next": _next(request), "demo_code": demo_code}
    return TemplateResponse(request, "registration/two_factor_verify.html", context)


def _next_query_from(request):
    return urlencode({"next": _next(request)})


@never_cache
@login_required
def enrol(request):
    """GET: a fresh secret, shown once. POST: the code that confirms it; the answer shows
    the recovery codes, once (never in a redirect, a cookie or a later page)."""
    user = request.user
    if not two_factor.requires_two_factor(user) or two_factor.has_authenticator(user):
        return redirect(f"{resolve_url('two_factor_verify')}?{_next_query_from(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        device = two_factor.pending_enrolment(user)
        if device is not None and form.is_valid():
            enrolled = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
            if enrolled is not None:
                context = {"codes": enrolled.recovery_codes, "next": _next(request)}
                return TemplateResponse(request, "registration/two_factor_codes.html", context)
        # A wrong code: a new secret, so no secret is ever shown twice.
        form = CodeForm()
        form.is_bound = False
        error = _("The code did not match. Scan the new code below and try again.")
    else:
        error = ""
    device = two_factor.start_enrolment(user)
    context = {
        "form": form,
        "error": error,
        "secret": device_secret(device),
        "qr": qr_svg(device.config_url),
        "next": _next(request),
    }
    return TemplateResponse(request, "registration/two_factor_enrol.html", context)


def qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # generated markup, no user input


def device_secret(device):
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
