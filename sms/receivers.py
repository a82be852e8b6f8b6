"""The SMS side of the case steps: cases announce (cases/signals.py and the deadline
digests), this app writes the SMS in the same transaction."""

from django.dispatch import receiver

from cases.signals import PersonNotice, person_notice
from cases.timelimits.deadline_mail import deadline_digest_sent

from .models import NoticeKind
from .notices import notify_person, notify_staff_deadlines

KINDS = {
    PersonNotice.RECEIPT: NoticeKind.RECEIPT,
    PersonNotice.RESULT: NoticeKind.RESULT,
    PersonNotice.CALLBACK_INVITATION: NoticeKind.CALLBACK_INVITATION,
}


@receiver(person_notice, dispatch_uid="sms-person-notice")
def text_the_person(sender, case, notice, **kwargs):
    notify_person(case, KINDS[notice])


@receiver(deadline_digest_sent, dispatch_uid="sms-deadline-digest")
def text_the_staff_member(sender, staff, overdue, near, **kwargs):
    notify_staff_deadlines(staff, overdue=overdue, near=near)
