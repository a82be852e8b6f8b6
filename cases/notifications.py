"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import Case, Transfer, UrgingNotice
from .tasks import send_case_notice


def notify_transfer(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), send_case_notice, "transfer", transfer.pk
    )


def notify_return(transfer: Transfer) -> None:
    enqueue_for_organisation(
        known_organisation_id(transfer), send_case_notice, "return", transfer.pk
    )


def notify_resolved(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, send_case_notice, "resolved", case.pk)


def notify_bad_rating(case: Case) -> None:
    enqueue_for_organisation(case.organisation_id, send_case_notice, "bad_rating", case.pk)


def notify_urging(urging: UrgingNotice) -> None:
    enqueue_for_organisation(known_organisation_id(urging), send_case_notice, "urging", urging.pk)
