"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id


def _queue(kind, object_id, record):
    from .tasks import send_case_notice

    enqueue_for_organisation(known_organisation_id(record), send_case_notice, kind, object_id)


def notify_transfer(transfer):
    _queue("transfer", transfer.pk, transfer)


def notify_return(transfer):
    _queue("return", transfer.pk, transfer)


def notify_resolved(case):
    _queue("resolved", case.pk, case)


def notify_bad_rating(case):
    _queue("bad_rating", case.pk, case)


def notify_urging(urging):
    _queue("urging", urging.pk, urging)
