"""The published quarterly notice (通报) and how an organisation heads its notices.

A notice is written once, when a supervisor publishes it, and never changes: it keeps
what was published (the text, the tables, the number and the dates) as a snapshot, so it
reads the same after names, rules or assessments change. Corrections are a new notice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned
from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from .assessment import AssessmentPeriod
from .ledger import AppendOnly


class NoticeSettings(OrganisationOwned):
    """The fixed parts of an organisation's notices (版头 and 版记); one row each."""

    issuer = models.CharField(
        _("issuing authority's mark"),
        max_length=40,
        blank=True,
        help_text=_(
            "Printed in red at the head of the notice (发文机关标志), e.g. the organisation's "
            "name followed by 文件. Empty: the organisation's name."
        ),
    )
    abbreviation = models.CharField(
        _("reference prefix"),
        max_length=20,
        blank=True,
        help_text=_(
            "The issuing authority's abbreviation in the reference number (发文机关代字), "
            "e.g. 城政服 in 城政服〔2026〕3号. Empty: the organisation's short code."
        ),
    )
    recipients = models.CharField(
        _("addressed to"),
        max_length=200,
        default="各科室",
        help_text=_("Who the notice is addressed to (主送机关)."),
    )
    copy_to = models.CharField(
        _("copies to"),
        max_length=200,
        blank=True,
        help_text=_("Who receives a copy (抄送), separated by 、 or commas; may be empty."),
    )
    printer = models.CharField(
        _("printed by"),
        max_length=60,
        blank=True,
        help_text=_(
            "The office that prints and sends the notice (印发机关). Empty: the organisation's "
            "name."
        ),
    )

    history = AuditHistory()

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_notice_settings")]

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def for_organisation(cls, organisation) -> "NoticeSettings":
        """The organisation's settings, or the defaults (unsaved) when it has none."""
        found = cls.objects.filter(organisation=organisation).first()
        return found or cls(organisation=organisation)


class NoticeQuerySet(OrganisationQuerySet):
    def update(self, **kwargs):
        raise AppendOnly("a published notice never changes")

    def delete(self):
        raise AppendOnly("a published notice is never deleted")


class Notice(OrganisationOwned):
    """A published quarterly notice: its number, who published it and when, and the
    document as it was published (``content``, read by penalties.reports.notice_document)."""

    assessment = models.OneToOneField(
        AssessmentPeriod,
        on_delete=models.PROTECT,
        related_name="notice",
        verbose_name=_("assessment period"),
    )
    label = models.CharField(_("period"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year of issue"))
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date of issue"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    content = models.JSONField(_("published document"))

    objects = NoticeQuerySet.as_manager()
    history = AuditHistory()
    same_organisation_fields = ("assessment", "published_by")

    class Meta:
        verbose_name = _("published notice")
        verbose_name_plural = _("published notices")
        ordering = ["-year", "-number"]
        constraints = [
            # The numbers of an organisation's year: 1, 2, 3… (the service hands them out
            # under a lock; the constraint is the last word).
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="one_notice_per_number"
            ),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("a published notice never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("a published notice is never deleted")
