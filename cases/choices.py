from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TRANSFERRED = "transferred", _("Transferred")
    RESOLVED = "resolved", _("Resolved")
    CALLED_BACK = "called_back", _("Called back")


OPEN_STATES = (State.REGISTERED, State.TRANSFERRED, State.RESOLVED)


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    WEB = "web", _("Web")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    MEDIA = "media", _("Media")
    SUPERIOR = "superior", _("Referred by a superior body")


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    APPLICATION = "application", _("Application")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report (tip-off)")
    SUGGESTION = "suggestion", _("Suggestion")
    HELP = "help", _("Request for help")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    HANDLED = "handled", _("Handled")
    ONE_TIME_NOTIFIED = "one_time_notified", _("One-time notification given")
    REFERRED_OUT = "referred_out", _("Referred to an external agency")
    NOT_PERMITTED = "not_permitted", _("Not permitted by law (explained)")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")
    UNREACHABLE = "unreachable", _("Unreachable")


DISSATISFIED = (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)
# The five answers of a rating (好差评), best first; "unreachable" is a callback's only.
RATING_LEVELS = (
    Satisfaction.VERY_SATISFIED,
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY_SATISFIED,
    Satisfaction.DISSATISFIED,
    Satisfaction.VERY_DISSATISFIED,
)


class ReviewStatus(models.TextChoices):
    """The supervising office's review of a person's bad rating (差评复核)."""

    NONE = "", _("No review needed")
    OPEN = "open", _("Awaiting review")
    REDONE = "redone", _("Handled again")
    CLOSED = "closed", _("Reviewed, no redo")


class ContactResult(models.TextChoices):
    REACHED = "reached", _("Reached")
    UNREACHABLE = "unreachable", _("Not reachable")


class TransferRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    ASSISTING = "assisting", _("Assisting department")


class EventAction(models.TextChoices):
    REGISTER = "register", _("Registered")
    TRANSFER = "transfer", _("Transferred")
    ACCEPT = "accept", _("Signed for")
    ASSIGN = "assign", _("Handler assigned")
    RETURN = "return_transfer", _("Returned")
    ARBITRATION = "arbitration", _("Sent for arbitration")
    REJECT_RETURN = "reject_return", _("Return rejected, assignment forced")
    ASSIST_OPINION = "assist_opinion", _("Assisting opinion recorded")
    RESOLVE = "resolve", _("Resolved")
    CALLBACK_ATTEMPT = "callback_attempt", _("Callback attempted")
    CALL_BACK = "call_back", _("Called back")
    REOPEN = "reopen", _("Reopened")
    PERSON_RATED = "person_rated", _("Rated by the person")
    RATING_REVIEWED = "rating_reviewed", _("Rating reviewed")
    PROMISE_MOVED = "promise_moved", _("Promised date moved")
    URGE = "urge", _("Urged")
    RECLASSIFY = "reclassify", _("Matter reclassified")
    RELATE = "relate", _("Linked to earlier cases")
    MERGE = "merge", _("Merged as duplicate")
    CLOCK_PAUSED = "clock_paused", _("Clock paused: materials owed")
    CLOCK_RESUMED = "clock_resumed", _("Clock resumed: materials received")
    EXTENSION_REQUESTED = "extension_request", _("Extension requested")
    EXTENSION_APPROVED = "extension_approve", _("Extension approved")
    EXTENSION_REJECTED = "extension_reject", _("Extension rejected")
    WARNING = "deadline_warning", _("Deadline near (warning)")
    OVERDUE = "overdue", _("Overdue")
    ATTACH = "attach", _("Material attached")
    WITHDRAW_ATTACHMENT = "withdraw_material", _("Material withdrawn")


class AttachmentSource(models.TextChoices):
    """Where an attachment came in."""

    INTAKE = "intake", _("Intake")
    DESK = "desk", _("Case page")
    PUBLIC = "public", _("Public complaint page")
    OPEN311 = "open311", _("Open311 API")


class Stage(models.TextChoices):
    """The stages a time limit applies to, in the order a case goes through them."""

    FORWARD = "forward", _("Accept / hand over")
    SIGN_FOR = "sign_for", _("Sign for")
    RESOLVE = "resolve", _("Resolve")
    CALLBACK = "callback", _("Call back")


class LimitTier(models.TextChoices):
    """Which of a policy's limits a stage runs on, chosen by the case (never typed in)."""

    STANDARD = "", _("Standard limit")
    OWN_DUTY = "own_duty", _("Own duty")
    JOINT = "joint", _("Several departments")
    APPROVAL = "approval", _("Needs leadership approval")
    NIGHT_DUTY = "night_duty", _("Night duty on site")


# The policy field of each tier's limit and the stage it replaces the limit of.
TIER_FIELDS = {
    (Stage.FORWARD, LimitTier.OWN_DUTY): "own_duty",
    (Stage.FORWARD, LimitTier.NIGHT_DUTY): "night_duty",
    (Stage.RESOLVE, LimitTier.JOINT): "joint_resolve",
    (Stage.RESOLVE, LimitTier.APPROVAL): "approval_resolve",
}


class LimitUnit(models.TextChoices):
    # The same values as departments.calendar.workcalendar.Unit, with labels for forms.
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class AlertKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    OVERDUE = "overdue", _("Overdue")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
