"""Outgoing mail with a Message-ID that stays the same when the outbox sends it again.

Mail is delivered at least once: a worker that dies after the mail server accepted a mail
but before the outbox row was marked sent leaves the row to be retried (see
``firstask.outbox``). The retry carries the same Message-ID, derived from the outbox row,
so mail servers and clients that deduplicate by Message-ID show it once, and anyone
reading the logs can tell a repeat from a second notice.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from .outbox import delivering


def _domain() -> str:
    # Every worker must name the same domain (not its own host name, as make_msgid does).
    configured = getattr(settings, "EMAIL_MESSAGE_ID_DOMAIN", "")
    return configured or settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "firstask"


def stable_message_id() -> str:
    """The Message-ID of the mail of the outbox message being delivered (each sends one):
    its id and when it was written, unique across installations sharing a domain.
    Outside a delivery, a fresh one."""
    message = delivering()
    if message is None:
        return make_msgid(domain=_domain())
    return f"<outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S%f}@{_domain()}>"


def send_notice(subject: str, body: str, recipients: list[str]) -> None:
    """Send one notice mail (from DEFAULT_FROM_EMAIL) with a stable Message-ID."""
    EmailMessage(
        subject, body, None, recipients, headers={"Message-ID": stable_message_id()}
    ).send()
