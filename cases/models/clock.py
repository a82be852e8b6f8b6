"""Stage clocks: one row per stage a case goes through, with its deadline.

Kept out of the case's audited history on purpose: the rows themselves are the record of
every deadline, when it was met, its pauses and its alerts. The sweep never writes a clock:
its alerts (StageAlert, one per clock and kind) are its whole bookkeeping, so a downtime's
thousands of crossings cost no rewrite of the clock rows and their indexes.
"""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet

from ..choices import AlertKind, LimitTier, LimitUnit, Stage

# The running stages the sweep looks at (a threshold may be crossed), through the partial
# indexes below; it leaves out those that have their alert already.
OPEN_UNPAUSED = Q(met_at__isnull=True, paused_since__isnull=True)
WARNING_PENDING = OPEN_UNPAUSED & Q(warn_at__isnull=False)
OVERDUE_PENDING = OPEN_UNPAUSED & Q(due_at__isnull=False)
# The stages of the work up to the resolution (one clock runs at a time, so a case with
# one of these open is not resolved): the callback a resolved case waits for is not
# unresolved work.
UNRESOLVED_WORK = Q(stage__in=(Stage.FORWARD, Stage.SIGN_FOR, Stage.RESOLVE))


# --- a running stage's status: the one definition ------------------------------------
# A deadline is a moment the work may still be done at (met_at <= due_at is in time), so a
# stage is overdue only once ``now`` is past it; the warning starts at ``warn_at`` itself.
# Every place that asks "overdue at now?" (badge, supervision colour, list filters, the
# sweep's alerts, the dashboard, the metrics) goes through the functions below.


class ClockStatus(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    WARNING = "warning", _("Due soon (warning)")
    OVERDUE = "overdue", _("Overdue")
    PAUSED = "paused", _("Waiting for materials")


def past_due(now, prefix=""):
    """Stages whose deadline lies before ``now`` (at exactly ``due_at``: not yet)."""
    return Q(**{f"{prefix}due_at__lt": now})


def not_yet_due(now, prefix=""):
    """Stages with a deadline that is not ``past_due`` (its complement, as an index reads it)."""
    return Q(**{f"{prefix}due_at__gte": now})


def past_warning(now, prefix=""):
    """Stages whose warning point has come (at exactly ``warn_at``: yes)."""
    return Q(**{f"{prefix}warn_at__lte": now})


def before_warning(now, prefix=""):
    """Stages with no warning point, or one still to come (the complement of ``past_warning``)."""
    return Q(**{f"{prefix}warn_at__isnull": True}) | Q(**{f"{prefix}warn_at__gt": now})


def status_condition(status, now, prefix=""):
    """The condition of running stages in ``status`` at ``now``; ``prefix`` reaches the
    clock from another model (``"current_clock__"`` from a case)."""
    running = Q(**{f"{prefix}met_at__isnull": True})
    ticking = running & Q(**{f"{prefix}paused_since__isnull": True})
    conditions = {
        ClockStatus.OVERDUE: ticking & past_due(now, prefix),
        ClockStatus.WARNING: ticking & not_yet_due(now, prefix) & past_warning(now, prefix),
        ClockStatus.ON_TIME: ticking & not_yet_due(now, prefix) & before_warning(now, prefix),
        ClockStatus.PAUSED: running & Q(**{f"{prefix}paused_since__isnull": False}),
    }
    return conditions[ClockStatus(status)]


# The stages among those counted that ended in time (``StageClock.met_in_time``).
MET_IN_TIME = Q(met_at__isnull=False, met_at__lte=F("due_at"))


class StageClockQuerySet(OrganisationQuerySet):
    def in_status(self, status, now):
        return self.filter(status_condition(status, now))

    def overdue(self, now):
        """Running stages past their deadline at ``now``: open, not paused (a paused clock
        waits for the person's materials) and due before ``now`` (see ``past_due``)."""
        return self.in_status(ClockStatus.OVERDUE, now)

    def warning(self, now):
        """Running stages past their warning point and not yet due at ``now``."""
        return self.in_status(ClockStatus.WARNING, now)

    def counted_in(self, start, end, now):
        """The stages a period [start, end) counts at ``now``: those that ended in it, and
        the open ones whose deadline fell in it and is past (late while they stay open)."""
        return self.filter(
            Q(met_at__gte=start, met_at__lt=end)
            | (Q(met_at__isnull=True, due_at__gte=start) & past_due(min(end, now))),
            due_at__isnull=False,
        )

    def with_alert_times(self):
        """Each clock with ``warned_at`` and ``overdue_at``: when the sweep recorded its
        warning and its overdue alert (None while it has not). An alert is recorded once its
        threshold, which follows the clock's start, is past: bounded by the start, each
        reads the alerts' partitions (by month of ``recorded_at``) from then on only."""
        alerts = StageAlert.objects.filter(
            clock=OuterRef("pk"), recorded_at__gte=OuterRef("started_at")
        ).order_by()
        return self.annotate(
            warned_at=Subquery(alerts.filter(kind=AlertKind.WARNING).values("recorded_at")[:1]),
            overdue_at=Subquery(alerts.filter(kind=AlertKind.OVERDUE).values("recorded_at")[:1]),
        )


class StageClock(models.Model):
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("case"),
        db_index=False,  # the (case, started_at) index serves it; the sweep rewrites rows
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    responsible = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
        help_text=_("Empty: the department as a whole (its head is told)."),
    )
    policy = models.ForeignKey(
        "cases.TimeLimitPolicy",
        # A policy that timed stages is part of their record: deactivate it instead.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("time-limit policy"),
    )
    # The limit as it was when the stage started: later policy edits do not move it.
    limit = models.PositiveIntegerField(_("limit"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=LimitUnit.choices, blank=True)
    warning_share = models.PositiveSmallIntegerField(_("warning at (%)"), default=75)
    tier = models.CharField(
        _("limit tier"), max_length=20, choices=LimitTier.choices, blank=True, default=""
    )

    started_at = models.DateTimeField(_("started at"))
    limit_due_at = models.DateTimeField(
        _("deadline by the limit"),
        null=True,
        blank=True,
        help_text=_("Moved by pauses, not by extensions; extensions are measured from it."),
    )
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_total = models.DurationField(
        _("paused in total"),
        null=True,
        blank=True,
        help_text=_("Office time for limits in working days, else wall-clock time."),
    )
    met_at = models.DateTimeField(_("stage ended at"), null=True, blank=True)

    objects = StageClockQuerySet.as_manager()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("stage clock")
        verbose_name_plural = _("stage clocks")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(met_at__isnull=True), name="one_open_clock_per_case"
            ),
        ]
        indexes = [
            # The sweep's for warnings, from the index alone: what an alert needs of its clock
            # (and the start that bounds the search for an earlier alert) is in it, so the
            # sweep reads no clock row, also when it finds every crossed stage alerted.
            models.Index(
                fields=["warn_at"],
                include=["id", "case", "started_at", "stage", "department", "responsible"],
                condition=WARNING_PENDING,
                name="clock_warning_due",
            ),
            models.Index(fields=["case", "started_at"], name="clock_case_started"),
            # Metrics count the stages that ended in a period, and the open ones that went
            # overdue in it (penalties.metrics).
            models.Index(fields=["met_at"], name="clock_met_at"),
            models.Index(
                fields=["due_at"], condition=Q(met_at__isnull=True), name="clock_open_due"
            ),
            # The dashboard's overdue work by department and stage, and the sweep's for
            # deadlines (OVERDUE_PENDING): the running stages past their deadline read from
            # the index alone, without reading each clock.
            models.Index(
                fields=["due_at"],
                include=["department", "stage", "case", "id", "started_at", "responsible"],
                condition=OPEN_UNPAUSED,
                name="clock_running_due",
            ),
            # The case list's deadline filters join the cases' running clocks in id order:
            # without it PostgreSQL walked the whole primary key of the clocks (every stage
            # ever) looking for the few that pass the filter (overdue at 1M: 170 ms, now 1).
            models.Index(
                fields=["id"],
                include=["due_at", "warn_at", "paused_since"],
                condition=Q(met_at__isnull=True),
                name="clock_open_id",
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.get_stage_display()}"

    @property
    def is_open(self):
        return self.met_at is None

    @property
    def is_paused(self):
        return self.paused_since is not None

    @property
    def met_in_time(self):
        if self.met_at is None or self.due_at is None:
            return None
        return self.met_at <= self.due_at

    def is_past_due(self, now):
        """The deadline lies before ``now`` (``past_due``): at exactly ``due_at``, not yet."""
        return self.due_at is not None and self.due_at < now

    def status_at(self, now):
        """The running stage's ``ClockStatus`` at ``now`` (as ``status_condition`` selects
        it); None once the stage has ended or when it has no deadline."""
        if not self.is_open:
            return None
        if self.is_paused:
            return ClockStatus.PAUSED
        if self.due_at is None:
            return None
        if self.is_past_due(now):
            return ClockStatus.OVERDUE
        if self.warn_at is not None and self.warn_at <= now:
            return ClockStatus.WARNING
        return ClockStatus.ON_TIME


class ClockPause(models.Model):
    """补正: the person owes materials after a one-time notification; the clock stands still."""

    clock = models.ForeignKey(
        StageClock, on_delete=models.PROTECT, related_name="pauses", verbose_name=_("stage clock")
    )
    started_at = models.DateTimeField(_("paused at"))
    started_by = models.ForeignKey(
        "departments.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("paused by")
    )
    materials = models.TextField(_("materials owed"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resumed by"),
    )
    shift = models.DurationField(
        _("deadline moved by"),
        null=True,
        blank=True,
        help_text=_("Office time for limits in working days, else wall-clock time."),
    )

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "clock__case__organisation"

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=Q(ended_at__isnull=True),
                name="one_open_pause_per_clock",
            ),
        ]

    def __str__(self):
        return f"{self.clock} {self.started_at:%Y-%m-%d %H:%M}"


class StageAlert(models.Model):
    """A stage that crossed its warning point or its deadline: written once, by the sweep.

    The unique constraint makes the sweep idempotent whatever runs it, however often.
    """

    clock = models.ForeignKey(
        StageClock,
        on_delete=models.PROTECT,
        related_name="alerts",
        verbose_name=_("stage clock"),
        db_index=False,  # the unique (clock, kind) index serves it
        # No database constraint: after a downtime the sweep writes 100,000s of alerts at
        # once, and checking each at commit locks its clock's row, one random page of a
        # table of every stage ever (at 10M cases most of the sweep's commit). The alert
        # is made from its clock in the same statement and clocks are never deleted
        # (PROTECT); check_consistency reports any alert without its clock.
        db_constraint=False,
    )
    # The clock's case, kept beside it so that lists and mail need no join. The clock's own
    # foreign key is the integrity: checking this copy too would cost the sweep a lookup
    # per alert at commit (20,000 after a downtime of a busy office).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="alerts",
        verbose_name=_("case"),
        db_constraint=False,
    )
    # Who had the stage when it crossed, copied from the clock as the sweep reads it (from
    # the index alone): the sweep's timeline lines, its mail recipients and the records
    # made of its alerts need no second read of the clocks (at 10M cases, 100,000s of
    # random rows after a downtime). Checked by the database like ``case`` is not.
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
        db_index=False,
        db_constraint=False,
    )
    responsible = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    crossed_at = models.DateTimeField(
        _("threshold"), help_text=_("The warning point or deadline that was crossed.")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # Which sweep wrote it: the sweep notifies about its own rows only.
    sweep_run = models.UUIDField(_("sweep run"), editable=False)

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["-recorded_at", "pk"]
        constraints = [
            # On PostgreSQL the table is partitioned by month of ``recorded_at`` and this
            # index is (clock, kind, recorded_at) (migration 0006); sweeps run one at a time
            # (sweep.py) so that each clock still gets one alert of each kind.
            models.UniqueConstraint(fields=["clock", "kind"], name="one_alert_per_clock_and_kind"),
        ]
        indexes = [models.Index(fields=["sweep_run"], name="alert_sweep_run")]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"
