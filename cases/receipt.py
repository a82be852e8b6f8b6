"""The receipt (收件回执): what the person takes away. One description of it feeds both
the printable page and the PDF, so the two never say different things."""

from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .choices import Outcome
from .timelimits.clocks import promised_resolution


@dataclass
class Receipt:
    organisation: str
    number: str
    query_code: str
    lookup_url: str
    lines: list = field(default_factory=list)  # (label, value) pairs, in print order
    materials: list = field(default_factory=list)
    agency: list = field(default_factory=list)  # (label, value) of the external agency


def lookup_url(request, case):
    """The public lookup address with the case's number and code filled in (for the QR)."""
    path = reverse("public:lookup", args=[case.organisation.code])
    query = urlencode({"number": case.number, "code": case.query_code})
    return request.build_absolute_uri(f"{path}?{query}")


def _deadline_text(case):
    due = promised_resolution(case)
    return timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else None


def build_receipt(request, case):
    first = case.first_staff
    registered = timezone.localtime(case.registered_at).strftime("%Y-%m-%d %H:%M")
    badge = _("badge %(number)s") % {"number": first.badge_number}
    responsible = f"{first.name}（{badge}）"
    if first.position:
        responsible = f"{first.name} · {first.position}（{badge}）"
    department = case.current_department
    lines = [
        (_("Case number"), case.number),
        (_("Query code"), case.query_code),
        (_("Registered at"), registered),
        (_("Matter"), case.matter.name if case.matter_id else case.matter_text[:80]),
        (_("First-inquiry person"), responsible),
        (_("Responsible department"), department.name),
    ]
    if department.public_phone:
        lines.append((_("Department phone"), department.public_phone))
    deadline = _deadline_text(case)
    lines.append((_("Promised by"), deadline or "—"))
    if case.outcome:
        lines.append((_("Outcome"), case.get_outcome_display()))
    receipt = Receipt(
        organisation=case.organisation.name,
        number=case.number,
        query_code=case.query_code,
        lookup_url=lookup_url(request, case),
        lines=lines,
    )
    if case.notification_text:
        receipt.materials = [
            line.strip() for line in case.notification_text.splitlines() if line.strip()
        ]
    if case.outcome == Outcome.REFERRED_OUT and case.referred_to_id:
        agency = case.referred_to
        receipt.agency = [
            (label, value)
            for label, value in (
                (_("Go to"), agency.name),
                (_("Address"), agency.address),
                (_("Phone"), agency.phone),
            )
            if value
        ]
    return receipt


def qr_svg(data):
    """An inline SVG QR code (vector: sharp on any printer)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # generated markup, no user input
