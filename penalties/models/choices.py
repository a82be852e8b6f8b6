from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationKind(models.TextChoices):
    OVERDUE_FORWARD = "overdue_forward", _("Overdue forwarding")
    OVERDUE_RESOLUTION = "overdue_resolution", _("Overdue resolution")
    OVERDUE_CALLBACK = "overdue_callback", _("Overdue callback")
    SHIRKING = "shirking", _("Shirking responsibility")
    REFUSED_TRANSFER = "refused_transfer", _("Refused transfer")
    WRONG_TRANSFER = "wrong_transfer", _("Wrong transfer")
    RUDE_LANGUAGE = "rude_language", _("Rude or forbidden language")
    NOT_REGISTERED = "not_registered", _("Not registering")
    COMPLAINT = "complaint", _("Complaint about the staff member")
    EXPOSURE = "exposure", _("Exposure by a superior body or the media")
    SPOT_CHECK = "spot_check", _("Spot-check finding")


OVERDUE_KINDS = (
    ViolationKind.OVERDUE_FORWARD,
    ViolationKind.OVERDUE_RESOLUTION,
    ViolationKind.OVERDUE_CALLBACK,
)


class Source(models.TextChoices):
    SWEEP = "sweep", _("Deadline sweep")
    PUBLIC_COMPLAINT = "public_complaint", _("Public complaint")
    SUPERVISOR = "supervisor", _("Supervisor")
    SPOT_CHECK = "spot_check", _("Spot check")


class ViolationState(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    SELF_CHECK = "self_check", _("Self-check")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    DISMISSED = "dismissed", _("Dismissed")
    APPEALED = "appealed", _("Appealed")
    UPHELD = "upheld", _("Upheld on appeal")
    REVOKED = "revoked", _("Revoked on appeal")


# States in which a violation counts as substantiated (for offence numbers and ratings).
COUNTED_STATES = (ViolationState.SUBSTANTIATED, ViolationState.APPEALED, ViolationState.UPHELD)


class ViolationAction(models.TextChoices):
    REPORT = "report", _("Reported")
    SEND_SELF_CHECK = "send_self_check", _("Self-check requested")
    ANSWER_SELF_CHECK = "answer_self_check", _("Self-check answered")
    SUBSTANTIATE = "substantiate", _("Substantiated")
    SUBSTANTIATE_BY_DEADLINE = "substantiate_by_deadline", _("Substantiated: no self-check answer")
    DISMISS = "dismiss", _("Dismissed")
    APPEAL = "appeal", _("Appealed")
    UPHOLD = "uphold", _("Upheld on appeal")
    REVOKE = "revoke", _("Revoked on appeal")
    # Lines the system writes when it applies the rules, not steps someone takes.
    NO_PENALTY = "no_penalty", _("No penalty imposed")
    REPEAT = "repeat", _("Linked as a repeated complaint")


class Liability(models.TextChoices):
    PERSON = "person", _("Person responsible")
    HEAD = "head", _("Department head")
    LEADER = "leader", _("Leader in charge")
    DEPARTMENT = "department", _("Department")


class SanctionKind(models.TextChoices):
    TALK = "talk", _("Talk")
    ADMONISHMENT = "admonishment", _("Admonishment")
    EFFICIENCY_WARNING = "efficiency_warning", _("Efficiency warning")
    NOTICE_OF_CRITICISM = "notice_of_criticism", _("Notice of criticism")
    DISCIPLINARY_WARNING = "disciplinary_warning", _("Disciplinary warning")
    FINE = "fine", _("Fine (yuan)")
    BONUS_DEDUCTION = "bonus_deduction", _("Annual bonus deduction (%)")
    BONUS_MONTHS = "bonus_months", _("Performance bonus withheld (months)")
    RATING_CAP = "rating_cap", _("Annual rating cap")
    REMOVAL_FROM_POST = "removal_from_post", _("Removal from post")
    SUSPENSION_FOR_TRAINING = "suspension_for_training", _("Suspension for training")


# Sanctions that carry an amount (yuan, percent or months), possibly a range.
AMOUNT_SANCTIONS = (SanctionKind.FINE, SanctionKind.BONUS_DEDUCTION, SanctionKind.BONUS_MONTHS)
# What can be imposed on a department as a whole (a notice naming it, no award).
DEPARTMENT_SANCTIONS = (SanctionKind.NOTICE_OF_CRITICISM, SanctionKind.RATING_CAP)


class RatingCap(models.TextChoices):
    NOT_EXCELLENT = "not_excellent", _("Not eligible for excellent")
    INCOMPETENT = "incompetent", _("Rated incompetent")


class RatingOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible for excellent")
    NOT_EXCELLENT = "not_excellent", _("Not eligible for excellent")
    INCOMPETENT = "incompetent", _("Rated incompetent")


class OffenceCount(models.TextChoices):
    """Which of the person's earlier offences a rule counts to number this one."""

    ALL = "all", _("Every violation")
    KIND = "kind", _("Violations of the same kind")


class CountingWindow(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", _("Calendar year")
    ROLLING = "rolling", _("Rolling number of days")


class PenaltyEntry(models.TextChoices):
    IMPOSED = "imposed", _("Imposed")
    REVOCATION = "revocation", _("Revocation")


class CommendationSource(models.TextChoices):
    PUBLIC_PRAISE = "public_praise", _("Public praise at callback")
    SUPERVISOR = "supervisor", _("Supervisor")
    QUARTER = "quarter", _("Quarterly assessment")


class SatisfactionFormula(models.TextChoices):
    """满意率: which ratings count as satisfied, over all rated callbacks."""

    THREE_LEVELS = "three_levels", _("Very satisfied + satisfied + basically satisfied")
    TWO_LEVELS = "two_levels", _("Very satisfied + satisfied")
    WEIGHTED = "weighted", _("Weighted: 100 / 80 / 60 / 20 / 0 points per rating")
