"""Who hears about a violation step. Services call these inside their transaction; the
mail goes out after commit, from the worker."""

from firstask.queue import enqueue_for_organisation, known_organisation_id

from .models import SelfCheck, Violation
from .tasks import send_violation_notice


def notify_self_check(check: SelfCheck) -> None:
    enqueue_for_organisation(
        known_organisation_id(check), send_violation_notice, "self_check", check.violation_id
    )


def notify_self_check_answered(violation: Violation) -> None:
    enqueue_for_organisation(
        violation.organisation_id, send_violation_notice, "self_check_answered", violation.pk
    )


def notify_substantiated(violation: Violation) -> None:
    enqueue_for_organisation(
        violation.organisation_id, send_violation_notice, "substantiated", violation.pk
    )
