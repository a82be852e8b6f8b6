"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import Case, Transfer, UrgingNotice

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


def notify_resolved(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, SEND_CASE_NOTICE, "resolved", case.pk)


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
