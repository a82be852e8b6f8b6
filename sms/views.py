"""The SMS addresses: the public opt-out (退订) page, and the provider's status reports
and replies."""

import hmac
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cases import ratelimit
from cases.forms.public import LookupForm
from cases.models import Case
from cases.views.public import public_organisation, throttled, too_many

from . import delivery
from .models import OptOutSource
from .notices import mobile_number, opt_out


@throttled
@never_cache
def public_opt_out(request, org):
    """The person stops the organisation's SMS to their number, proven by the case number
    and query code of their receipt (as the lookup page)."""
    organisation = public_organisation(org)
    if ratelimit.is_blocked(ratelimit.FAILED_LOOKUPS, request, organisation.code):
        return too_many(request, organisation, ratelimit.FAILED_LOOKUPS)
    if request.method == "POST":
        form = LookupForm(request.POST)
    else:
        form = LookupForm(initial={k: request.GET.get(k, "")[:30] for k in ("number", "code")})
    done, not_found, no_mobile = False, False, False
    if request.method == "POST" and form.is_valid():
        case = Case.objects.on_receipt(
            organisation, form.cleaned_data["number"], form.cleaned_data["code"]
        ).first()
        if case is None:
            ratelimit.count(ratelimit.FAILED_LOOKUPS, request, organisation.code)
            not_found = True
        elif not mobile_number(case.person_phone):
            no_mobile = True
        else:
            opt_out(organisation, case.person_phone, OptOutSource.LINK, note=case.number)
            done = True
    context = {
        "organisation": organisation,
        "form": form,
        "done": done,
        "not_found": not_found,
        "no_mobile": no_mobile,
    }
    response = TemplateResponse(request, "sms/public/opt_out.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _items(request):
    """The JSON array the provider posts; None when the body is not one."""
    try:
        # No NUL into the database: the escaped ones go before parsing (raw ones are
        # invalid JSON in a string anyway).
        items = json.loads(request.body.decode("utf-8").replace("\\u0000", ""))
    except (RequestDataTooBig, UnicodeDecodeError, ValueError):
        return None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    return items


def _authenticated(token: str) -> None:
    expected = settings.SMS_CALLBACK_TOKEN
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Http404


def _answer(items, record):
    """Alibaba Cloud's HTTP push expects {"code": 0} for a batch taken."""
    if items is None:
        return JsonResponse({"code": 1, "msg": _("Expected a JSON array of reports.")}, status=400)
    record(items)
    return JsonResponse({"code": 0, "msg": "成功"})


@csrf_exempt
@require_POST
def provider_reports(request, token):
    """Delivery reports (SmsReport), authenticated by the secret in the address."""
    _authenticated(token)
    return _answer(_items(request), delivery.record_reports)


@csrf_exempt
@require_POST
def provider_replies(request, token):
    """Replies (SmsUp): 'TD' opts the number out."""
    _authenticated(token)
    return _answer(_items(request), delivery.record_replies)
