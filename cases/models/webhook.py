"""Outgoing webhooks of integrating systems: where to send which case events, and what
was sent (delivered by the transactional outbox, one row per event and endpoint)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory


class WebhookEvent(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TRANSFERRED = "transferred", _("Transferred")
    SIGNED_FOR = "signed_for", _("Signed for")
    RESOLVED = "resolved", _("Resolved")
    CALLED_BACK = "called_back", _("Called back")
    OVERDUE = "overdue", _("Overdue")


class WebhookScope(models.TextChoices):
    FILED = "filed", _("Cases this system filed")
    ALL = "all", _("Every case about a public matter (never confidential ones)")


class WebhookEndpoint(models.Model):
    integration = models.ForeignKey(
        "cases.Integration",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("system"),
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=64,
        editable=False,
        help_text=_("The receiver checks the X-Firstask-Signature header with it."),
    )
    events = models.JSONField(_("events"), default=list)
    scope = models.CharField(
        _("cases"), max_length=10, choices=WebhookScope.choices, default=WebhookScope.FILED
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "integration__organisation"

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["integration", "url"]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = secrets.token_hex(32)
        super().save(*args, **kwargs)


class WebhookDelivery(models.Model):
    """One event for one endpoint. Its attempts, state and last error are the outbox
    message's; a redelivery points the row at a new message."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    payload = models.JSONField(_("payload"))
    message = models.ForeignKey(
        "firstask.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outbox message"),
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "endpoint__integration__organisation"

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.case} {self.get_event_display()}"
