"""Who hears about time limits: extension requests and decisions (the sweep's digests are
queued by cases.sweep). Queued after commit; the mail goes out from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import Extension
from .tasks import send_time_limit_notice


def notify_extension_requested(extension: Extension) -> None:
    enqueue_for_organisation(
        known_organisation_id(extension),
        send_time_limit_notice,
        "extension_requested",
        extension.pk,
    )


def notify_extension_decided(extension: Extension) -> None:
    enqueue_for_organisation(
        known_organisation_id(extension), send_time_limit_notice, "extension_decided", extension.pk
    )
