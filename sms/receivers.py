"""The SMS side of the case steps: cases announce (cases/signals.py and the deadline
digests), this app writes the SMS in the same transaction."""

from django.dispatch import receiver

from cases.signals import PersonNotice, person_notice, promise_moved
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


@receiver(promise_moved, dispatch_uid="sms-promise-moved")
def text_the_new_date(sender, case, **kwargs):
    """An approved extension or a reclassification moved the date on the receipt: the
    person is told the new date and why (mail goes too, from the case service)."""
    notify_person(case, NoticeKind.PROMISE_MOVED)


@receiver(deadline_digest_sent, dispatch_uid="sms-deadline-digest")
def text_the_staff_member(sender, staff, overdue, near, **kwargs):
    notify_staff_deadlines(staff, overdue=overdue, near=near)
