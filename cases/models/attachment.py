"""Attachments (材料): photos, scans and documents kept with a case."""

from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..attachments.content import LABELS
from ..choices import AttachmentSource, State


class AttachmentQuerySet(OrganisationQuerySet):
    def current(self):
        """The files not withdrawn: those the case page, the API and the exports show."""
        return self.filter(withdrawn_at__isnull=True)


class CaseAttachment(models.Model):
    """One file of a case. The bytes are in the attachments store (STORAGES) under
    ``storage_key``, a random name; ``token`` is the random part of its download addresses.
    Neither is derived from the case number or the file's name.

    Nothing is ever erased: a file attached by mistake is withdrawn
    (``services.case_withdraw_attachment``: who, when, why), its row and bytes kept; the
    database refuses deleting the rows (PostgreSQL trigger of migration 0005)."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("case"),
        db_index=False,  # the (case, uploaded_at) index serves it
    )
    token = models.CharField(_("download token"), max_length=43, unique=True, editable=False)
    storage_key = models.CharField(_("storage key"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(
        _("content type"), max_length=100, help_text=_("Detected from the file's content.")
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 digest"), max_length=64)
    source = models.CharField(_("attached at"), max_length=20, choices=AttachmentSource.choices)
    case_state = models.CharField(
        _("case state when attached"), max_length=20, choices=State.choices
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        help_text=_("Empty when the person sent it on the public page."),
    )
    integration = models.ForeignKey(
        "cases.Integration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("integrating system"),
    )

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = AttachmentQuerySet.as_manager()
    organisation_lookup = "case__organisation"
    history = AuditHistory(indexed=["case"])

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="attachment_case_at")]

    def __str__(self):
        # Not the file's name: lists and the admin's rows show this to whoever may see the
        # case, and a confidential case's file names are only for who may see its person.
        return f"{self.type_label} · {filesizeformat(self.size)}"

    def get_absolute_url(self):
        return reverse("cases:attachment", args=[self.token])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def type_label(self) -> str:
        """PDF, Word, JPEG…: the detected type as people name it."""
        return LABELS.get(self.content_type, self.content_type)
