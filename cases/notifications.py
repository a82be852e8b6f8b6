"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id
from sms.models import NoticeKind
from sms.notices import notify_person

from .models import Case, Transfer, UrgingNotice

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_CASE_NOTICE = "cases.tasks.send_case_notice"


def notify_transfer(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), SEND_CASE_NOTICE, "transfer", transfer.pk
    )


def notify_return(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), SEND_CASE_NOTICE, "return", transfer.pk
    )


def notify_registered(case: Case) -> None:
    """The receipt by SMS to the person: case number, query code, promised date."""
    notify_person(case, NoticeKind.RECEIPT)


def notify_resolved(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, SEND_CASE_NOTICE, "resolved", case.pk)
    notify_person(case, NoticeKind.RESULT)


def notify_callback_missed(case: Case) -> None:
    """The person was not reached at the first callback attempt: invite them to call back."""
    notify_person(case, NoticeKind.CALLBACK_INVITATION)


def notify_bad_rating(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, SEND_CASE_NOTICE, "bad_rating", case.pk)


def notify_urging(urging: UrgingNotice) -> None:
    enqueue_for_organisation(known_organisation_id(urging), SEND_CASE_NOTICE, "urging", urging.pk)
