"""Who hears about a case step. Services call these inside their transaction; the mail
goes out after commit, from the worker."""

from firstask.queue import enqueue_on_commit


def _queue(kind, object_id):
    from .tasks import send_case_notice

    enqueue_on_commit(send_case_notice, kind, object_id)


def notify_transfer(transfer):
    _queue("transfer", transfer.pk)


def notify_return(transfer):
    _queue("return", transfer.pk)


def notify_resolved(case):
    _queue("resolved", case.pk)


def notify_bad_rating(case):
    _queue("bad_rating", case.pk)


def notify_urging(urging):
    _queue("urging", urging.pk)
