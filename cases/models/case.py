from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from firstask.history import AuditHistory

from .. import permissions
from ..choices import (
    DISSATISFIED,
    Channel,
    Kind,
    Outcome,
    ReviewStatus,
    Satisfaction,
    State,
    Urgency,
)
from .queryset import IN_HANDLING, INCOMING, CaseQuerySet


def _awaiting_sign_for(case):
    transfer = case.current_transfer
    return transfer is not None and transfer.is_outstanding


def _returnable(case):
    return _awaiting_sign_for(case) and not case.current_transfer.is_forced


def _signed_for_or_held(case):
    return case.state == State.REGISTERED or case.is_signed_for


def _signed_for(case):
    return case.is_signed_for


def _last_transfer_was_returned(case):
    transfer = case.current_transfer
    return (
        transfer is not None and transfer.returned_at is not None and not transfer.return_rejected
    )


def _was_dissatisfied(case):
    return case.satisfaction in DISSATISFIED


def _not_merged(case):
    return case.merged_into_id is None


def _rating_awaits_review(case):
    """The person rated this round badly and the supervising office has not decided yet."""
    return case.ratings.filter(round=case.round, review_status=ReviewStatus.OPEN).exists()


class Case(FSMModelMixin, models.Model):
    organisation = models.ForeignKey(
        "departments.Organisation", on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    number = models.CharField(_("case number"), max_length=30, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    query_code = models.CharField(_("query code"), max_length=12, editable=False)

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )

    person_name = models.CharField(_("person's name"), max_length=100, blank=True)
    person_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    person_address = models.CharField(_("address"), max_length=300, blank=True)
    person_phone = models.CharField(_("phone"), max_length=50, blank=True, db_index=True)
    person_email = models.EmailField(_("email"), blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("The person's identity is shown only to supervisors and auditors."),
    )

    matter_text = models.TextField(_("matter"))
    matter = models.ForeignKey(
        "departments.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("catalogue matter"),
    )
    subject_staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("staff member complained about"),
    )

    first_staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="first_inquiry_cases",
        verbose_name=_("first-inquiry staff member"),
    )
    first_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="first_inquiry_cases",
        verbose_name=_("first-inquiry department"),
    )
    asked_with = models.ManyToManyField(
        "departments.Staff",
        blank=True,
        related_name="+",
        verbose_name=_("also asked"),
    )
    registered_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="registered_cases",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), db_index=True)

    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED, protected=True
    )
    current_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="current_cases",
        verbose_name=_("current department"),
    )
    handler = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("handler"),
    )
    current_transfer = models.ForeignKey(
        "cases.Transfer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current transfer"),
    )
    current_clock = models.ForeignKey(
        "cases.StageClock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current stage"),
        help_text=_("The running stage and its deadline; empty when no stage is running."),
    )
    needs_arbitration = models.BooleanField(_("awaiting arbitration"), default=False)
    needs_approval = models.BooleanField(
        _("needs leadership approval"),
        default=False,
        help_text=_(
            "Stated by the receiving department at sign-for: the matter goes to the leadership "
            "or a superior body for approval, and the policy's longer limit applies."
        ),
    )
    round = models.PositiveSmallIntegerField(
        _("round"), default=1, help_text=_("Starts again at each reopening after a bad rating.")
    )

    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    result = models.TextField(_("result"), blank=True)
    notification_text = models.TextField(
        _("one-time notification"),
        blank=True,
        help_text=_("The complete list of what the person still has to bring, told in one go."),
    )
    referred_to = models.ForeignKey(
        "departments.ExternalAgency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
        verbose_name=_("referred to"),
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )

    promise_floor = models.DateTimeField(
        _("resolution promised before reclassification"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The resolution date the person was promised when the matter was reclassified: "
            "the new matter's deadlines never come earlier."
        ),
    )

    promised_by = models.DateTimeField(
        _("promised resolution"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The resolution date printed on the receipt (承诺办结时间). Internal steps never "
            "change it; only an approved extension or a reclassification that gives more "
            "time moves it later, with a timeline line and a notice to the person."
        ),
    )
    promise_reason = models.CharField(
        _("why the promised date moved"), max_length=300, blank=True, editable=False
    )

    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    related_cases = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related cases")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = CaseQuerySet.as_manager()
    # current_transfer and current_clock point at rows the transfers and stage-clock tables
    # already record; version is a concurrency counter. None is the case's audited content.
    history = AuditHistory(excluded_fields=["current_transfer", "current_clock", "version"])
    organisation_lookup = "organisation"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="case_number_unique_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence"], name="case_sequence_unique_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="case_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["current_department", "state"]),
            models.Index(fields=["query_code"]),
            # Metrics and the dashboard count a period's resolutions (penalties.metrics).
            models.Index(fields=["resolved_at"], name="case_resolved_at"),
            # ... and a period's cases by state, from the index alone on PostgreSQL.
            models.Index(
                fields=["organisation", "registered_at"],
                include=["state", "merged_into"],
                name="case_org_registered",
            ),
            # ... and the open ones among them (the dashboard's cases by state): a year's
            # few thousand open cases without reading its hundreds of thousands closed.
            models.Index(
                fields=["organisation", "registered_at"],
                include=["state", "merged_into"],
                condition=~Q(state=State.CALLED_BACK),
                name="case_open_registered",
            ),
            # ... and those of one department (the dashboard filtered by department).
            models.Index(
                fields=["organisation", "current_department", "registered_at"],
                include=["state", "merged_into"],
                condition=~Q(state=State.CALLED_BACK),
                name="case_open_dept_registered",
            ),
            # Lists and counts that must not read every case of the organisation: the
            # admin list (newest first), and the tabs of "My cases" and the department
            # queue, each by the index of its own condition (see cases/selectors.py).
            models.Index(
                fields=["organisation", "-registered_at", "-id"], name="case_newest_first"
            ),
            # The admin list's filters, newest first like the list: a page and its capped
            # count read the filter's own index whatever the number of cases.
            models.Index(
                fields=["organisation", "-registered_at", "-id"],
                condition=Q(is_confidential=True),
                name="case_confidential_newest",
            ),
            models.Index(
                fields=["organisation", "current_department", "-registered_at", "-id"],
                name="case_current_dept_newest",
            ),
            models.Index(
                fields=["organisation", "first_department", "-registered_at", "-id"],
                name="case_first_dept_newest",
            ),
            # The deadline filters of the admin list join the running stage: its count and
            # the ids of its page read the cases with one from this index alone.
            models.Index(
                fields=["current_clock"],
                include=["organisation", "registered_at", "id"],
                condition=Q(current_clock__isnull=False),
                name="case_running_clock",
            ),
            # The merged duplicates (并单) the dashboard leaves out of its counts, from the
            # index alone: a few per cent of the cases, not every case of the organisation.
            models.Index(
                fields=["organisation", "registered_at"],
                include=["first_department", "id"],
                condition=Q(merged_into__isnull=False),
                name="case_merged_registered",
            ),
            models.Index(fields=["person_name"], name="case_person_name"),
            models.Index(
                fields=["first_staff"],
                condition=~Q(state=State.CALLED_BACK),
                name="case_open_first",
            ),
            models.Index(
                fields=["registered_by"],
                condition=~Q(state=State.CALLED_BACK),
                name="case_open_registered_by",
            ),
            models.Index(fields=["handler"], condition=IN_HANDLING, name="case_in_handling"),
            models.Index(fields=["current_department"], condition=INCOMING, name="case_incoming"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("admin:cases_case_change", args=[self.pk])

    def timeline(self):
        """The case's timeline lines. Nothing about a case precedes its registration, so
        the bound costs nothing and on PostgreSQL reads only the timeline's partitions from
        the registration's month on (cases migration 0006)."""
        return self.events.filter(at__gte=self.registered_at)

    @property
    def is_open(self):
        return self.state != State.CALLED_BACK

    @property
    def awaiting_sign_for(self) -> bool:
        """Transferred and not yet signed for (queryset.AWAITING_SIGN_FOR)."""
        return self.state == State.TRANSFERRED and self.accepted_at is None

    @property
    def is_signed_for(self) -> bool:
        """Transferred and signed for: in handling (queryset.SIGNED_FOR)."""
        return self.state == State.TRANSFERRED and self.accepted_at is not None

    @property
    def is_returned(self):
        """Back at a department after a return that was not overruled (see RETURNED)."""
        return self.state == State.REGISTERED and _last_transfer_was_returned(self)

    # --- transitions: they only change fields; services/ runs them ---------------------
    @transition(
        field=state,
        source=State.REGISTERED,
        target=State.TRANSFERRED,
        conditions=[_not_merged],
        permission=permissions.may_send_onward,
        custom={"label": _("Transfer")},
    )
    @transition(
        field=state,
        source=State.TRANSFERRED,
        target=State.TRANSFERRED,
        conditions=[_not_merged],
        permission=permissions.may_reassign,
        custom={"label": _("Transfer")},
    )
    def transfer(self, *, to_department, at):
        # The service points current_transfer at the new Transfer row.
        self.current_department = to_department
        self.handler = None
        self.accepted_at = None
        self.needs_arbitration = False
        self.transferred_at = self.transferred_at or at

    @transition(
        field=state,
        source=State.TRANSFERRED,
        target=State.TRANSFERRED,
        conditions=[_awaiting_sign_for],
        permission=permissions.may_sign_for,
        custom={"label": _("Sign for")},
    )
    def accept(self, *, handler, at, needs_approval=False):
        self.handler = handler
        self.accepted_at = at
        self.needs_approval = needs_approval

    @transition(
        field=state,
        source=State.TRANSFERRED,
        target=State.TRANSFERRED,
        conditions=[_not_merged, _signed_for],
        permission=permissions.may_pass_on,
        custom={"label": _("Pass on to another department")},
    )
    def pass_on(self, *, to_department, at):
        # Like a transfer: the next department signs for it (services.case_pass_on).
        self.current_department = to_department
        self.handler = None
        self.accepted_at = None
        self.needs_arbitration = False

    @transition(
        field=state,
        source=State.TRANSFERRED,
        target=State.REGISTERED,
        conditions=[_returnable],
        permission=permissions.may_sign_for,
        custom={"label": _("Return")},
    )
    def return_transfer(self, *, back_to, for_arbitration):
        self.current_department = back_to
        self.handler = None
        self.needs_arbitration = for_arbitration

    @transition(
        field=state,
        source=State.REGISTERED,
        target=State.TRANSFERRED,
        conditions=[_last_transfer_was_returned],
        permission=permissions.is_supervisor,
        custom={"label": _("Reject return and force assignment")},
    )
    def reject_return(self, *, to_department, at):
        self.current_department = to_department
        self.handler = None
        self.accepted_at = None
        self.needs_arbitration = False

    @transition(
        field=state,
        source=[State.REGISTERED, State.TRANSFERRED],
        target=State.RESOLVED,
        conditions=[_signed_for_or_held, _not_merged],
        permission=permissions.may_resolve,
        custom={"label": _("Resolve")},
    )
    def resolve(self, *, outcome, result, at, notification_text="", referred_to=None):
        self.outcome = outcome
        self.result = result
        self.notification_text = notification_text
        self.referred_to = referred_to
        self.resolved_at = at

    @transition(
        field=state,
        source=State.RESOLVED,
        target=State.CALLED_BACK,
        conditions=[_not_merged],
        permission=permissions.may_call_back,
        custom={"label": _("Call back")},
    )
    def call_back(self, *, satisfaction, at):
        self.satisfaction = satisfaction
        self.called_back_at = at

    @transition(
        field=state,
        source=State.CALLED_BACK,
        target=State.TRANSFERRED,
        conditions=[_was_dissatisfied, _not_merged],
        permission=permissions.may_reopen,
        custom={"label": _("Reopen")},
    )
    def reopen(self, *, to_department, at):
        self._new_round(to_department, at)

    @transition(
        field=state,
        source=[State.RESOLVED, State.CALLED_BACK],
        target=State.TRANSFERRED,
        conditions=[_rating_awaits_review, _not_merged],
        permission=permissions.may_review_rating,
        custom={"label": _("Redo after the person's rating")},
    )
    def redo(self, *, to_department, at):
        self._new_round(to_department, at)

    def _new_round(self, to_department, at):
        self.round += 1
        self.promise_floor = None  # a new round makes a new promise
        self.promised_by = None
        self.promise_reason = ""
        self.current_department = to_department
        self.handler = None
        self.accepted_at = None
        self.transferred_at = at
        self.resolved_at = None
        self.called_back_at = None
        self.outcome = ""
        self.result = ""
        self.satisfaction = ""

    # A merged duplicate is closed together with its main case, by the system.
    @transition(
        field=state,
        source=[State.REGISTERED, State.TRANSFERRED],
        target=State.RESOLVED,
        custom={"admin": False},
    )
    def resolve_with_main(self, *, main, at):
        self.outcome = main.outcome
        self.result = main.result
        self.notification_text = main.notification_text
        self.referred_to = main.referred_to
        self.resolved_at = at

    @transition(
        field=state, source=State.RESOLVED, target=State.CALLED_BACK, custom={"admin": False}
    )
    def call_back_with_main(self, *, main, at):
        self.satisfaction = main.satisfaction
        self.called_back_at = at
