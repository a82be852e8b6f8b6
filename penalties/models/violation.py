from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from departments.models import OrganisationOwned
from firstask.history import AuditHistory

from .. import permissions
from .choices import Source, ViolationKind, ViolationState
from .queryset import LedgerQuerySet

State = ViolationState


def _self_check_answered(violation):
    check = getattr(violation, "self_check", None)
    return check is not None and check.answered_at is not None


def _self_check_unanswered(violation):
    return not _self_check_answered(violation)


class Violation(FSMModelMixin, OrganisationOwned):
    """A breach of the first-inquiry rules by one staff member (违规), suspected until decided."""

    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="violations",
        verbose_name=_("staff member"),
        db_index=False,  # the (staff, substantiated_at) index serves it
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="violations",
        verbose_name=_("department"),
        help_text=_("The staff member's department when it happened."),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("case"),
        # No database constraint, as for the case's timeline lines: after a downtime the
        # sweep reports 100,000s of overdue stages at once, and each check at commit locks a
        # random row of the largest table. Cases are never deleted (PROTECT);
        # check_consistency reports a violation without its case.
        db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ViolationKind.choices)
    # The first complaint of a thread, never a repeat itself: rules counting offences "about
    # the same case" count the complaints of one thread together (penalties.repeats).
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
        help_text=_(
            "The first complaint this one repeats: the same complainant (phone) about the "
            "same staff member or case, or a case staff linked as a repeat."
        ),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    stage = models.CharField(_("case stage"), max_length=30, blank=True)
    # What created it, e.g. "overdue:<case>:<stage>:<round>" or "complaint:<case>": the
    # sweep and the complaint page may run twice, the violation exists once.
    origin = models.CharField(_("origin"), max_length=100, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), blank=True)
    occurred_at = models.DateTimeField(
        _("occurred at"),
        help_text=_(
            "Offences are counted in the order and year they happened, whenever they were "
            "substantiated."
        ),
    )
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
        help_text=_("Empty when the system reported it."),
    )

    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.SUSPECTED, protected=True
    )
    substantiated_at = models.DateTimeField(_("substantiated at"), null=True, blank=True)
    auto_substantiated = models.BooleanField(_("substantiated by deadline"), default=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Fixed when substantiated, so re-counting later never moves a penalty to another rule set
    # or to whoever heads the department by then.
    rule_set = models.ForeignKey(
        "penalties.PenaltyRuleSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("penalty rule set"),
    )
    liable_head = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department head (joint liability)"),
    )
    liable_leader = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader in charge (joint liability)"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = LedgerQuerySet.as_manager()
    history = AuditHistory(excluded_fields=["version"], indexed=())
    same_organisation_fields = ("staff", "department", "case")

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "origin"],
                condition=~Q(origin=""),
                name="violation_once_per_origin",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["staff", "substantiated_at"]),
            models.Index(fields=["staff", "occurred_at"]),
            # A period's substantiated violations (the dashboard by kind, the notice, the
            # daily counts), read from the index alone.
            models.Index(
                fields=["organisation", "substantiated_at"],
                include=["kind", "state", "staff", "department", "id"],
                name="violation_substantiated",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.staff.name} · {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("admin:penalties_violation_change", args=[self.pk])

    # --- transitions: they only change fields; penalties/services runs them ------------------
    @transition(
        field=state,
        source=State.SUSPECTED,
        target=State.SELF_CHECK,
        permission=permissions.is_supervisor,
        custom={"label": _("Request self-check")},
    )
    def send_self_check(self):
        pass

    @transition(
        field=state,
        source=State.SELF_CHECK,
        target=State.SELF_CHECK,
        conditions=[_self_check_unanswered],
        permission=permissions.answers_for_department,
        custom={"label": _("Answer self-check")},
    )
    def answer_self_check(self):
        pass

    @transition(
        field=state,
        source=State.SUSPECTED,
        target=State.SUBSTANTIATED,
        permission=permissions.is_supervisor,
        custom={"label": _("Substantiate")},
    )
    @transition(
        field=state,
        source=State.SELF_CHECK,
        target=State.SUBSTANTIATED,
        conditions=[_self_check_answered],
        permission=permissions.is_supervisor,
        custom={"label": _("Substantiate")},
    )
    def substantiate(self, *, at, reason=""):
        self.substantiated_at = at
        self.decision_reason = reason

    # 逾期不报视为违规: the sweep substantiates an unanswered self-check at its deadline.
    @transition(
        field=state,
        source=State.SELF_CHECK,
        target=State.SUBSTANTIATED,
        conditions=[_self_check_unanswered],
        custom={"admin": False},
    )
    def substantiate_by_deadline(self, *, at):
        self.substantiated_at = at
        self.auto_substantiated = True

    @transition(
        field=state,
        source=[State.SUSPECTED, State.SELF_CHECK],
        target=State.DISMISSED,
        permission=permissions.is_supervisor,
        custom={"label": _("Dismiss")},
    )
    def dismiss(self, *, reason):
        self.decision_reason = reason

    @transition(
        field=state,
        source=State.SUBSTANTIATED,
        target=State.APPEALED,
        permission=permissions.may_appeal,
        custom={"label": _("Record appeal")},
    )
    def appeal(self):
        pass

    @transition(
        field=state,
        source=State.APPEALED,
        target=State.UPHELD,
        permission=permissions.is_supervisor,
        custom={"label": _("Uphold")},
    )
    def uphold(self):
        pass

    @transition(
        field=state,
        source=State.APPEALED,
        target=State.REVOKED,
        permission=permissions.is_supervisor,
        custom={"label": _("Revoke")},
    )
    def revoke(self, *, reason):
        self.decision_reason = reason
