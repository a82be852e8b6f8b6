"""Who hears about a violation step. Services call these inside their transaction; the
mail goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import SelfCheck, Violation

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_VIOLATION_NOTICE = "penalties.tasks.send_violation_notice"


def notify_self_check(check: SelfCheck) -> None:
    enqueue_for_organisation(
        known_organisation_id(check), SEND_VIOLATION_NOTICE, "self_check", check.violation_id
    )


def notify_self_check_answered(violation: Violation) -> None:
    enqueue_for_organisation(
        violation.organisation_id, SEND_VIOLATION_NOTICE, "self_check_answered", violation.pk
    )


def notify_substantiated(violation: Violation) -> None:
    enqueue_for_organisation(
        violation.organisation_id, SEND_VIOLATION_NOTICE, "substantiated", violation.pk
    )
