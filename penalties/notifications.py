"""Who hears about a violation step. Services call these inside their transaction; the
mail goes out after commit, from the worker."""

from firstask.queue import enqueue_on_commit


def _queue(kind, object_id):
    from .tasks import send_violation_notice

    enqueue_on_commit(send_violation_notice, kind, object_id)


def notify_self_check(check):
    _queue("self_check", check.violation_id)


def notify_self_check_answered(violation):
    _queue("self_check_answered", violation.pk)


def notify_substantiated(violation):
    _queue("substantiated", violation.pk)
