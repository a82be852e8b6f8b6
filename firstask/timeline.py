"""The abstract timeline line: who did what to a record, from which state to which.

Concrete timelines (cases.CaseEvent, penalties.ViolationEvent) add the record they
describe, their ``action`` and state choices, and keep their own tables.
"""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEvent(models.Model):
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the system acted."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    @classmethod
    def line(cls, *, actor: Any, user: Any, **fields: Any) -> Self:
        """An unsaved line; ``user`` is kept only when a person (not the system) acted."""
        login = user if user is not None and user.is_authenticated else None
        return cls(actor=actor, user=login, **fields)
