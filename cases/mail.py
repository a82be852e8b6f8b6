"""The notices themselves: recipients, subject and text per kind of case step."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from departments.offices import supervising_office
from firstask.mail import send_notice

from .models import Case, Rating, Transfer, UrgingNotice


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


def _person_rating(pk):
    rating = Rating.objects.select_related("case__organisation").get(pk=pk)
    case = rating.case
    office = supervising_office(case.organisation_id)
    recipients = _heads(office) or (list(office.staff.filter(is_active=True)) if office else [])
    subject = _("Case %(number)s rated %(rating)s by the person: please review") % {
        "number": case.number,
        "rating": rating.get_satisfaction_display(),
    }
    return case, recipients, subject, rating.comment


NOTICES = {
    "transfer": _transfer,
    "return": _return,
    "resolved": _resolved,
    "bad_rating": _bad_rating,
    "urging": _urging,
    "person_rating": _person_rating,
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


def _promise_moved(case):
    subject = _("Case %(number)s: the promised resolution date has changed") % {
        "number": case.number
    }
    text = _(
        "The date by which we promised to resolve your case %(number)s is now %(date)s.\n"
        "Reason: %(reason)s\n\nYou can look up its progress with the case number and the "
        "query code on your receipt."
    ) % {
        "number": case.number,
        "date": f"{timezone.localtime(case.promised_by):%Y-%m-%d %H:%M}",
        "reason": case.promise_reason or "—",
    }
    return subject, text


# Notices to the person, by kind: (subject, text) of the case. Never the matter's text or
# any staff detail: only what the lookup page shows them.
PERSON_NOTICES = {"promise_moved": _promise_moved}


def send_person_notice(kind, case_id):
    """Mail one notice to the person, if they gave an address; returns the addresses."""
    case = Case.objects.get(pk=case_id)
    if case.is_anonymous or not case.person_email:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = PERSON_NOTICES[kind](case)
        send_notice(subject, text, [case.person_email])
    return [case.person_email]
