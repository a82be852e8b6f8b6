from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firstask.history import AuditHistory

from .organisation import OrganisationOwned


class Department(OrganisationOwned):
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )
    name = models.CharField(_("name"), max_length=100)
    head = models.ForeignKey(
        "Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("head"),
    )
    leader_in_charge = models.ForeignKey(
        "Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_departments",
        verbose_name=_("leader in charge"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    public_phone = models.CharField(_("public phone"), max_length=50, blank=True)
    is_reception_window = models.BooleanField(_("reception window"), default=False)
    is_supervising_office = models.BooleanField(
        _("supervising office"),
        default=False,
        help_text=_("Receives cases whose department is unclear and arbitrates returns."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()
    same_organisation_fields = ("parent", "head", "leader_in_charge")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["organisation", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="department_name_unique_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_supervising_office=True),
                name="one_supervising_office_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="department_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.validate_tree()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.validate_tree()

    def validate_tree(self):
        """A parent in the same organisation and no cycles, however the row is saved."""
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent must belong to the same organisation.")})
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {
                        "parent": _(
                            "A department cannot be placed under itself or its own sub-department."
                        )
                    }
                )
            seen.add(node.pk)
            node = node.parent

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Staff(OrganisationOwned):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("login"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name=_("department")
    )
    name = models.CharField(_("full name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        default=1,
        help_text=_("Higher rank is first-responsible when several staff were asked together."),
    )
    badge_number = models.CharField(_("badge number"), max_length=30)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    photo = models.ImageField(_("photo"), upload_to="staff/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()
    same_organisation_fields = ("department",)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["organisation", "department", "-rank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "badge_number"], name="badge_number_unique_in_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.badge_number}）"


def first_responsible(staff_members):
    """Who owns a request several staff were asked together: the highest rank.

    Ties go to the first one named (the one the person addressed first).
    """
    members = [member for member in staff_members if member is not None]
    if not members:
        raise ValueError("first_responsible needs at least one staff member")
    best = members[0]
    for member in members[1:]:
        if member.rank > best.rank:
            best = member
    return best
