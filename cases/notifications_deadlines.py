"""Who hears about time limits: extension requests and decisions (the sweep's digests are
queued by cases.sweep). Queued after commit; the mail goes out from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id


def _queue(kind, object_id, record):
    from .tasks import send_time_limit_notice

    enqueue_for_organisation(known_organisation_id(record), send_time_limit_notice, kind, object_id)


def notify_extension_requested(extension):
    _queue("extension_requested", extension.pk, extension)


def notify_extension_decided(extension):
    _queue("extension_decided", extension.pk, extension)
