"""Who saw a citizen's personal data, where and when (the read-access log).

Every page, export or API answer that shows a case's person (name, phone, address, work
unit, e-mail) in clear writes one row per case shown (an export: one row with the number
of cases and the list's filters); masked views write nothing. Rows are only ever inserted
(``cases/access_log.py``); PostgreSQL refuses UPDATE and DELETE (migration 0018). Auditors
search it in the admin, scoped to their organisation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet


class AccessPlace(models.TextChoices):
    STAFF_CASE = "staff_case", _("Case page (staff)")
    STAFF_LIST = "staff_list", _("Case list (staff)")
    ADMIN_CASE = "admin_case", _("Case page (admin)")
    ADMIN_LIST = "admin_list", _("Case list (admin)")
    ADMIN_HISTORY = "admin_history", _("Case history (admin)")
    EXPORT = "export", _("Case export")
    ATTACHMENT = "attachment", _("Attachment download")


class PersonalDataAccess(models.Model):
    organisation = models.ForeignKey(
        "departments.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=True,
        verbose_name=_("case"),
        help_text=_("Empty for an export: it lists the number of cases and the filters."),
    )
    # SET NULL when a login is deleted (the only change the database allows); the name
    # stays as it was.
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seen by"),
    )
    viewer_name = models.CharField(_("seen by (login)"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)
    place = models.CharField(_("where"), max_length=20, choices=AccessPlace.choices)
    cases_count = models.PositiveIntegerField(_("cases"), default=1)
    filters = models.CharField(_("filters"), max_length=2000, blank=True)

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "organisation"

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="pd_access_org_at"),
            models.Index(fields=["case", "-at"], name="pd_access_case_at"),
            models.Index(fields=["viewer", "-at"], name="pd_access_viewer_at"),
        ]

    def __str__(self):
        return f"{self.viewer_name} {self.get_place_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The personal data access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The personal data access log is append-only.")
