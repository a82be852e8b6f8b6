"""Outgoing webhooks of integrating systems: where to send which case events, and what
was sent (delivered by the transactional outbox, one row per event and endpoint)."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory
from firstask.sealed import seal, unseal

from ..open311 import egress
from .integration import Integration


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
    events = models.JSONField(_("events"), default=list)
    scope = models.CharField(
        _("cases"), max_length=10, choices=WebhookScope.choices, default=WebhookScope.FILED
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The signing secret is write-only: shown once when issued, kept encrypted
    # (firstask.sealed) and left out of the history, so nobody reads it back.
    secret_sealed = models.TextField(_("signing secret (encrypted)"), default="", editable=False)
    secret_issued_at = models.DateTimeField(_("secret issued at"), null=True, editable=False)
    previous_secret_sealed = models.TextField(
        _("previous signing secret (encrypted)"), blank=True, default="", editable=False
    )
    previous_secret_valid_until = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True, editable=False
    )

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory(excluded_fields=["secret_sealed", "previous_secret_sealed"])
    organisation_lookup = "integration__organisation"

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["integration", "url"]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        if not self.secret_sealed:
            # The clear secret of this save, for the page that shows it once; not stored.
            self.issued_secret = self.issue_secret()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.url:
            try:
                egress.check(self.url)
            except egress.Refused as refused:
                errors["url"] = str(refused)
        if self.is_active and self.integration_id is not None and self._over_the_cap():
            errors[NON_FIELD_ERRORS] = gettext(
                "An organisation may have at most %(limit)d active webhooks; switch one off "
                "or delete it first."
            ) % {"limit": settings.WEBHOOK_MAX_ENDPOINTS}
        if errors:
            raise ValidationError(errors)

    def _over_the_cap(self):
        organisation = Integration.objects.filter(pk=self.integration_id).values("organisation")
        active = WebhookEndpoint.objects.filter(
            integration__organisation__in=organisation, is_active=True
        ).exclude(pk=self.pk)
        return active.count() >= settings.WEBHOOK_MAX_ENDPOINTS

    def issue_secret(self, now: dt.datetime | None = None) -> str:
        """A new signing secret, returned in clear here and nowhere else; the one it
        replaces stays valid for WEBHOOK_SECRET_OVERLAP seconds (both are signed with)."""
        now = now or timezone.now()
        clear = secrets.token_hex(32)
        if self.secret_sealed:
            self.previous_secret_sealed = self.secret_sealed
            overlap = dt.timedelta(seconds=settings.WEBHOOK_SECRET_OVERLAP)
            self.previous_secret_valid_until = now + overlap
        self.secret_sealed = seal(clear)
        self.secret_issued_at = now
        return clear

    def signing_secrets(self, now: dt.datetime) -> list[str]:
        """The secrets to sign with now: the current one, and the previous one while it
        is still valid."""
        found = [unseal(self.secret_sealed)]
        valid_until = self.previous_secret_valid_until
        if self.previous_secret_sealed and valid_until is not None and now < valid_until:
            found.append(unseal(self.previous_secret_sealed))
        return found


class WebhookCircuit(models.Model):
    """How deliveries to one endpoint go: its circuit breaker (after failures in a row
    the endpoint is paused, its deliveries wait) and the deliveries under way (at most
    WEBHOOK_ENDPOINT_CONCURRENCY). The deliverer's bookkeeping, not audited."""

    endpoint = models.OneToOneField(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="circuit",
        verbose_name=_("webhook"),
    )
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    last_failure = models.TextField(_("last failure"), blank=True, default="")
    # When each delivery under way gives its place up at the latest (ISO instants).
    in_flight = models.JSONField(_("deliveries under way"), default=list)

    class Meta:
        verbose_name = _("webhook circuit")
        verbose_name_plural = _("webhook circuits")

    def __str__(self):
        return str(self.endpoint)

    def take_place(self, now: dt.datetime, lease: dt.timedelta) -> tuple[str, dt.datetime]:
        """A place for one delivery now (its token, given back by ``give_place_back``),
        or ("", when to ask again). Places of deliveries whose worker died run out."""
        self.in_flight = [end for end in self.in_flight if dt.datetime.fromisoformat(end) > now]
        soonest = min((dt.datetime.fromisoformat(end) for end in self.in_flight), default=now)
        if self.paused_until is not None and self.paused_until > now:
            return "", self.paused_until
        # After a pause one trial delivery at a time decides whether the endpoint is back.
        tripped = self.failures >= settings.WEBHOOK_BREAKER_FAILURES
        if self.in_flight and (tripped or len(self.in_flight) >= _concurrency()):
            # A place frees when its delivery ends, usually well before its lease does.
            return "", min(soonest, now + dt.timedelta(seconds=2))
        place = (now + lease).isoformat()
        while place in self.in_flight:  # two at the same instant need two tokens
            place = (dt.datetime.fromisoformat(place) + dt.timedelta(microseconds=1)).isoformat()
        self.in_flight.append(place)
        return place, now

    def give_place_back(self, place: str) -> None:
        if place in self.in_flight:
            self.in_flight.remove(place)

    def waiting_reason(self, now: dt.datetime) -> str:
        """Why its deliveries wait now (for the delivery log); "" when only busy."""
        if self.paused_until is not None and self.paused_until > now:
            reason = f"endpoint paused after {self.failures} failures in a row: "
            return (reason + self.last_failure)[:2000]
        return ""

    def succeeded(self) -> None:
        self.failures = 0
        self.paused_until = None
        self.last_failure = ""

    def failed(self, now: dt.datetime, error: str) -> bool:
        """Count a failure; True when it pauses the endpoint."""
        self.failures += 1
        self.last_failure = error[:2000]
        if self.failures >= settings.WEBHOOK_BREAKER_FAILURES:
            self.paused_until = now + dt.timedelta(seconds=settings.WEBHOOK_BREAKER_PAUSE)
            return True
        return False


def _concurrency() -> int:
    return max(1, settings.WEBHOOK_ENDPOINT_CONCURRENCY)


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
    # No foreign key in the database: the outbox is partitioned by month (a key into it
    # would need its partition column) and its old months are archived away.
    message = models.ForeignKey(
        "firstask.OutboxMessage",
        on_delete=models.SET_NULL,
        db_constraint=False,
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
