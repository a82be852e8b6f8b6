"""Who hears about time limits: extension requests and decisions (the sweep's digests are
queued by cases.timelimits.sweep). Queued after commit; the mail goes out from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from ..models import Extension

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_TIME_LIMIT_NOTICE = "cases.tasks.send_time_limit_notice"


def notify_extension_requested(extension: Extension) -> None:
    enqueue_for_organisation(
        known_organisation_id(extension),
        SEND_TIME_LIMIT_NOTICE,
        "extension_requested",
        extension.pk,
    )


def notify_extension_decided(extension: Extension) -> None:
    enqueue_for_organisation(
        known_organisation_id(extension), SEND_TIME_LIMIT_NOTICE, "extension_decided", extension.pk
    )
