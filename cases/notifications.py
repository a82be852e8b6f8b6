"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import Case, Transfer, UrgingNotice
from .signals import PersonNotice, person_notice

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_CASE_NOTICE = "cases.tasks.send_case_notice"
# Notices to the person (mail; see cases/mail.py PERSON_NOTICES for the kinds).
SEND_PERSON_NOTICE = "cases.tasks.send_person_notice"


def notify_transfer(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), SEND_CASE_NOTICE, "transfer", transfer.pk
    )


def notify_return(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), SEND_CASE_NOTICE, "return", transfer.pk
    )


def notify_registered(case: Case) -> None:
    """The receipt to the person (by SMS): case number, query code, promised date."""
    person_notice.send(sender=Case, case=case, notice=PersonNotice.RECEIPT)


def notify_resolved(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, SEND_CASE_NOTICE, "resolved", case.pk)
    person_notice.send(sender=Case, case=case, notice=PersonNotice.RESULT)


def notify_callback_missed(case: Case) -> None:
    """The person was not reached at the first callback attempt: invite them to call back."""
    person_notice.send(sender=Case, case=case, notice=PersonNotice.CALLBACK_INVITATION)


def notify_bad_rating(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, SEND_CASE_NOTICE, "bad_rating", case.pk)


def notify_urging(urging: UrgingNotice) -> None:
    enqueue_for_organisation(known_organisation_id(urging), SEND_CASE_NOTICE, "urging", urging.pk)


def notify_person(case: Case, kind: str) -> None:
    """A notice to the person themself (kinds: mail.PERSON_NOTICES), by mail when they left
    an address; the worker decides (the address may be added before it runs)."""
    enqueue_for_organisation(case.organisation_id, SEND_PERSON_NOTICE, kind, case.pk)


def notify_person_rating(rating) -> None:
    """A bad rating by the person: the supervising office reviews it."""
    enqueue_for_organisation(
        known_organisation_id(rating), SEND_CASE_NOTICE, "person_rating", rating.pk
    )
