"""POST requests: the standard's parameters, checked, turned into an intake registration.

The case goes through ``case_register_and_route`` like one typed at the desk: the
integrating system's registrar is the first-inquiry person, the channel is the one the
system (or the ``channel`` attribute) names, and the case is transferred to the matter's
department unless the registrar works there.
"""

import re
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers

from .. import services
from ..attachments.content import CheckedFile
from ..choices import AttachmentSource, Channel, Kind
from ..models import ApiSubmission, Case, Integration
from ..services import Route
from .filing import filing_by

DESCRIPTION_MAX = 4000  # the standard's limit
# A character that is neither a control character nor a space of any kind.
VISIBLE = (
    "[^\\x00-\\x20\\x7f-\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
)
CJK = re.compile(r"[\u3400-\u9fff]")


class RequestInput(serializers.Serializer):
    """The parameters of POST requests (form-encoded, as the standard sends them)."""

    # Not trimmed: a value the OpenAPI calls valid must not turn blank here. Blank (as a
    # value of NUL characters only becomes) means not given: the key's organisation.
    jurisdiction_id = serializers.CharField(
        required=False, allow_blank=True, max_length=10, trim_whitespace=False
    )
    api_key = serializers.CharField(
        required=False, allow_blank=True, max_length=200, trim_whitespace=False
    )
    service_code = serializers.CharField(max_length=12, trim_whitespace=False)
    # Something to read, not only spaces. Explicit ranges, not \s: Python's and the
    # OpenAPI's (ECMA) regular expressions disagree on what \s covers.
    description = serializers.RegexField(VISIBLE, max_length=DESCRIPTION_MAX, trim_whitespace=False)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    long = serializers.FloatField(required=False, min_value=-180, max_value=180)
    address_string = serializers.CharField(required=False, allow_blank=True, max_length=250)
    address_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    account_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=50)
    # Only kept as text on the case, never fetched: any http(s) address will do.
    media_url = serializers.RegexField(
        r"^https?://[^\x00-\x20\x7f]+",
        required=False,
        allow_blank=True,
        max_length=500,
        trim_whitespace=False,
    )

    def get_fields(self):
        fields = super().get_fields()
        # The service definition's attributes, named as the standard sends them.
        fields["attribute[kind]"] = serializers.ChoiceField(choices=Kind.choices)
        fields["attribute[channel]"] = serializers.ChoiceField(
            choices=Channel.choices, required=False
        )
        return fields

    def validate(self, data):
        if ("lat" in data) != ("long" in data):
            raise serializers.ValidationError(_("Send lat and long together."))
        return data


def person_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if CJK.search(first + last):  # Chinese names: family name first, no space
        return last + first
    return " ".join(part for part in (first, last) if part)


def matter_text(data: dict) -> str:
    """The description, with where it happened and the photo's address below it."""
    lines = [data["description"].strip()]
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the office's language
        if data.get("address_string"):
            lines.append(_("Location: %(address)s") % {"address": data["address_string"]})
        if "lat" in data:
            lines.append(_("Coordinates: %(lat)s, %(long)s") % data)
        if data.get("address_id"):
            lines.append(_("Address id: %(id)s") % {"id": data["address_id"]})
        if data.get("media_url"):
            lines.append(_("Photo: %(url)s") % {"url": data["media_url"]})
    return "\n".join(lines)


@transaction.atomic
def file_request(
    *, integration: Integration, matter, data: dict, files: Iterable[CheckedFile] = ()
) -> tuple[Case, ApiSubmission]:
    """Register the request as a case, as the intake page would, with the checked
    ``files`` sent as ``media``; returns the case and its submission record (the token).
    Raises CaseActionError like the intake services."""
    registrar = integration.registrar
    person = {
        "name": person_name(data.get("first_name", ""), data.get("last_name", "")),
        "phone": data.get("phone", "").strip(),
        "email": data.get("email", "").strip(),
    }
    registration = {
        "by": registrar.user,
        "channel": data.get("attribute[channel]") or integration.channel,
        "kind": data["attribute[kind]"],
        "matter_text": matter_text(data),
        "matter": matter,
        "person": person,
        "is_anonymous": not any(person.values()),
        "first_staff": registrar,
    }
    with filing_by(integration.pk):
        if matter.department_id == registrar.department_id:
            case = services.case_register(**registration)
        else:
            with translation.override(settings.LANGUAGE_CODE):
                note = _("Filed by %(system)s through the Open311 API.") % {"system": integration}
            case = services.case_register_and_route(
                route=Route.TRANSFER, routing={"note": note}, **registration
            )
    submission = ApiSubmission.objects.create(
        case=case,
        integration=integration,
        token=secrets.token_urlsafe(24),
        received_at=case.registered_at,
    )
    files = list(files)
    if files:
        services.case_attach(
            case=case,
            files=files,
            by=registrar.user,
            at=case.registered_at,
            source=AttachmentSource.OPEN311,
            integration=integration,
            check_permission=False,
        )
    return case, submission
