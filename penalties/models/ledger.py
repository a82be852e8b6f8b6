from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned
from firstask.history import AuditHistory

from .choices import Liability, PenaltyEntry, RatingCap, SanctionKind
from .queryset import LedgerQuerySet
from .rules import describe, sanction_parts


class AppendOnly(Exception):
    """The penalty ledger is never edited or deleted; write a revocation instead."""


class PenaltyQuerySet(LedgerQuerySet):
    def update(self, **kwargs):
        raise AppendOnly("penalties are never updated; write a revocation row instead")

    def delete(self):
        raise AppendOnly("penalties are never deleted; write a revocation row instead")

    def live(self):
        """Imposed penalties that have not been revoked. (The revocations looked up as
        such: a ledger of millions of lines holds few of them, in an index of their own.)"""
        revoked = Penalty.objects.filter(entry=PenaltyEntry.REVOCATION, revokes=OuterRef("pk"))
        return self.filter(entry=PenaltyEntry.IMPOSED).filter(~Exists(revoked))


class Penalty(OrganisationOwned):
    """One line of the append-only accountability ledger (责任追究台账).

    An imposed line is one sanction of one rule for one liable person (or the department),
    with the offence number that triggered it. A revocation line points at the line it
    cancels; re-tiering after a revocation writes revocations and new lines, never edits.
    """

    entry = models.CharField(_("entry"), max_length=12, choices=PenaltyEntry.choices)
    violation = models.ForeignKey(
        "penalties.Violation",
        on_delete=models.PROTECT,
        related_name="penalties",
        verbose_name=_("violation"),
    )
    rule = models.ForeignKey(
        "penalties.PenaltyRule", on_delete=models.PROTECT, related_name="+", verbose_name=_("rule")
    )
    sanction = models.ForeignKey(
        "penalties.Sanction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sanction rule"),
    )
    revokes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revocation",
        verbose_name=_("revokes"),
    )
    liability = models.CharField(_("liability"), max_length=20, choices=Liability.choices)
    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalties",
        verbose_name=_("sanctioned staff member"),
        help_text=_("Empty when the department itself is sanctioned."),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="penalties",
        verbose_name=_("department"),
    )
    offence_number = models.PositiveSmallIntegerField(_("offence number"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    # What was decided, copied from the rule: later edits of the rule set change nothing here.
    sanction_kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    amount_min = models.DecimalField(
        _("amount"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("up to"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    rating_cap = models.CharField(
        _("rating cap"), max_length=20, choices=RatingCap.choices, blank=True
    )
    # How many earlier lines of the same key were revoked: makes "impose once" a constraint.
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=0, editable=False)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Empty when the system recorded it."),
    )

    objects = PenaltyQuerySet.as_manager()
    history = AuditHistory()
    same_organisation_fields = ("violation", "staff", "department")

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalty ledger")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "sanction", "liability", "offence_number", "cycle"],
                condition=Q(entry=PenaltyEntry.IMPOSED),
                name="penalty_imposed_once",
            ),
            models.CheckConstraint(
                condition=Q(entry=PenaltyEntry.IMPOSED, revokes__isnull=True)
                | Q(entry=PenaltyEntry.REVOCATION, revokes__isnull=False),
                name="penalty_revocation_points_at_a_line",
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "year"]),
            models.Index(fields=["department", "year"]),
            # A period's lines (the notice, the daily counts).
            models.Index(fields=["organisation", "at"], name="penalty_organisation_at"),
            models.Index(
                fields=["revokes"],
                condition=Q(entry=PenaltyEntry.REVOCATION),
                name="penalty_revocations",
            ),
        ]

    def __str__(self):
        who = self.staff.name if self.staff_id else str(self.department)
        text = self.describe()
        if self.entry == PenaltyEntry.REVOCATION:
            return _("Revoked: %(who)s %(text)s") % {"who": who, "text": text}
        return f"{who} {text}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("penalties are never updated; write a revocation row instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("penalties are never deleted; write a revocation row instead")

    def describe(self):
        return describe(self.sanction_kind, self.amount_min, self.amount_max, self.rating_cap)

    def sanction_parts(self):
        """(sanction, amount, upper end): the sanction's name and its amounts as numbers."""
        return sanction_parts(self.sanction_kind, self.amount_min, self.amount_max, self.rating_cap)

    @property
    def key(self):
        return (
            self.violation_id,
            self.sanction_id,
            self.liability,
            self.offence_number,
            self.year,
        )
