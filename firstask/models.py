"""The transactional outbox and the heartbeats of periodic jobs.

firstask is the base of the dependency chain (penalties → cases → departments →
firstask), so the organisation of a message is kept as a plain id, not a foreign key.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Dead (gave up)")


class OutboxMessage(models.Model):
    """Something to deliver after the transaction that wrote it commits."""

    topic = models.CharField(_("topic"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    ordering_key = models.CharField(
        _("ordering key"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Messages with the same key are delivered strictly in the order written."),
    )
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Written (and committed) before each delivery starts: a worker that dies after
    # sending leaves a recorded attempt, and the retry is recognisably the same message.
    attempted_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    available_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The drain: due pending rows in id order.
            models.Index(
                fields=["available_at", "id"],
                name="outbox_due",
                condition=Q(state="pending"),
            ),
            # "Is an earlier message of this key still undelivered?"
            models.Index(
                fields=["ordering_key", "id"],
                name="outbox_key_unsent",
                condition=~Q(state="sent") & ~Q(ordering_key=""),
            ),
            models.Index(fields=["state", "organisation_id"], name="outbox_state_org"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


class Heartbeat(models.Model):
    """When a periodic job last finished (shown by /health/)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    at = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name
