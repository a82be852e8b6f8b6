"""Integrating systems (对接系统): hotlines, portals and apps that file cases via Open311."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.models.organisation import OrganisationOwned
from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..choices import Channel


class Integration(OrganisationOwned):
    """One integrating system of one organisation (its Open311 jurisdiction)."""

    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=Channel.choices,
        default=Channel.WEB,
        help_text=_("How people reach this system; recorded on every case it files."),
    )
    registrar = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="integrations",
        verbose_name=_("registered in the name of"),
        help_text=_(
            "The staff member (e.g. the hotline liaison) recorded as first-inquiry person "
            "of the cases this system files."
        ),
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=60,
        help_text=_("Further requests with its keys are refused until the minute is over."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()
    same_organisation_fields = ("registrar",)

    class Meta:
        verbose_name = _("integrating system")
        verbose_name_plural = _("integrating systems")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="integration_name_unique_in_organisation"
            ),
        ]

    def __str__(self):
        return self.name


class ApiKey(models.Model):
    """An API key of an integrating system; only its SHA-256 digest is stored."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="keys", verbose_name=_("system")
    )
    prefix = models.CharField(
        _("key begins with"), max_length=12, editable=False, help_text=_("To tell keys apart.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory(excluded_fields=["last_used_at"])
    organisation_lookup = "integration__organisation"

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}…"

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiSubmission(models.Model):
    """Which integrating system filed a case, and the GeoReport token it was given."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="api_submission",
        verbose_name=_("case"),
    )
    integration = models.ForeignKey(
        Integration,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("system"),
    )
    token = models.CharField(_("token"), max_length=40, unique=True, editable=False)
    received_at = models.DateTimeField(_("received at"))

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("case filed through the API")
        verbose_name_plural = _("cases filed through the API")
        ordering = ["-received_at"]

    def __str__(self):
        return self.token
