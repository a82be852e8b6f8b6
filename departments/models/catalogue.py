from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.history import AuditHistory

from .organisation import OrganisationOwned


class Matter(OrganisationOwned):
    """One entry of a department's duty list (职责清单)."""

    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="matters",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=200)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Words people use for it, separated by spaces."),
    )
    description = models.TextField(_("description"), blank=True)
    materials = models.TextField(
        _("materials to tell in one go"), blank=True, help_text=_("One item per line.")
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()
    same_organisation_fields = ("department",)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("duty list")
        ordering = ["organisation", "department", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="matter_name_unique_in_department"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def materials_list(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class ExternalAgency(OrganisationOwned):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    handles = models.TextField(_("what it handles"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("external agency")
        verbose_name_plural = _("external agencies")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="external_agency_unique_in_organisation"
            ),
        ]

    def __str__(self):
        return self.name
