"""The notices themselves: recipients, subject and text per kind of case step."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from departments.offices import supervising_office
from firstask.mail import send_notice

from .models import Case, Transfer, UrgingNotice


def _heads(*departments):
    return [d.head for d in departments if d is not None and d.head is not None]


def _transfer(pk):
    transfer = Transfer.objects.select_related("case", "to_department__head").get(pk=pk)
    department = transfer.to_department
    recipients = _heads(department) or list(department.staff.filter(is_active=True))
    subject = _("Case %(number)s transferred to %(department)s") % {
        "number": transfer.case.number,
        "department": department,
    }
    return transfer.case, recipients, subject, transfer.note


def _return(pk):
    transfer = Transfer.objects.select_related("case__first_staff", "from_staff").get(pk=pk)
    subject = _("Case %(number)s returned by %(department)s") % {
        "number": transfer.case.number,
        "department": transfer.to_department,
    }
    return (
        transfer.case,
        [transfer.from_staff, transfer.case.first_staff],
        subject,
        transfer.return_reason,
    )


def _resolved(pk):
    case = Case.objects.select_related("first_staff").get(pk=pk)
    subject = _("Case %(number)s resolved: please call the person back") % {"number": case.number}
    return case, [case.first_staff], subject, case.result


def _bad_rating(pk):
    case = Case.objects.select_related("first_department__head").get(pk=pk)
    office = supervising_office(case.organisation_id)
    subject = _("Case %(number)s rated %(rating)s at callback") % {
        "number": case.number,
        "rating": case.get_satisfaction_display(),
    }
    return case, _heads(case.first_department, office), subject, case.result


def _urging(pk):
    urging = UrgingNotice.objects.select_related("case__handler", "to_department__head").get(pk=pk)
    case = urging.case
    recipients = [case.handler, *_heads(urging.to_department)]
    subject = _("Urging notice on case %(number)s") % {"number": case.number}
    return case, recipients, subject, urging.note


NOTICES = {
    "transfer": _transfer,
    "return": _return,
    "resolved": _resolved,
    "bad_rating": _bad_rating,
    "urging": _urging,
}


def send_case_notice(kind, object_id):
    """Mail one notice; returns the addresses it went to."""
    with translation.override(settings.LANGUAGE_CODE):
        case, staff, subject, body = NOTICES[kind](object_id)
        addresses = sorted({s.user.email for s in staff if s is not None and s.user.email})
        if not addresses:
            return []
        text = f"{subject}\n\n{case.number} {case.matter_text}\n\n{body}".strip()
        send_notice(subject, text, addresses)
    return addresses
