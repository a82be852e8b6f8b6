"""Who hears about a violation step. Services call these inside their transaction; the
mail goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id


def _queue(kind, object_id, record):
    from .tasks import send_violation_notice

    enqueue_for_organisation(known_organisation_id(record), send_violation_notice, kind, object_id)


def notify_self_check(check):
    _queue("self_check", check.violation_id, check)


def notify_self_check_answered(violation):
    _queue("self_check_answered", violation.pk, violation)


def notify_substantiated(violation):
    _queue("substantiated", violation.pk, violation)
