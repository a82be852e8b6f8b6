"""The security log: logins locked out and two-factor events, append-only.

Rows are only ever inserted (``record_security_event`` in departments/two_factor.py and the
lockout signal); the database refuses UPDATE, DELETE and TRUNCATE on PostgreSQL
(migration 0006). Auditors read it in the admin, scoped to their organisation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..scoping import OrganisationQuerySet


class SecurityEventKind(models.TextChoices):
    LOCKED_OUT = "locked_out", _("Locked out after wrong passwords")
    ENROLLED = "2fa_enrolled", _("Two-factor device enrolled")
    VERIFIED = "2fa_verified", _("Two-factor code accepted")
    FAILED = "2fa_failed", _("Two-factor code refused")
    RECOVERY_USED = "2fa_recovery_used", _("Recovery code used")
    RESET = "2fa_reset", _("Two-factor devices reset")


class SecurityEvent(models.Model):
    organisation = models.ForeignKey(
        "departments.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # SET NULL when a login is deleted (the only change the database allows); the
    # username stays as it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login"),
    )
    username = models.CharField(_("username"), max_length=150)
    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "organisation"

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="security_event_org_at")]

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The security log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The security log is append-only.")
