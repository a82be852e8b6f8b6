"""SMS notices: the organisation's registered templates, every message, opted-out numbers.

Chinese SMS providers send only templates registered with them beforehand, each with its
own code, variables and the sender's signature (签名). An organisation registers one
template per kind of notice; firstask sends its code and the variables' values, never text.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.models.organisation import OrganisationOwned
from firstask.history import AuditHistory


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt (case number, query code, promised date)")
    RESULT = "result", _("Result")
    CALLBACK_INVITATION = "callback_invitation", _("Callback invitation")
    PROMISE_MOVED = "promise_moved", _("Promised date moved (the new date and the reason)")
    DEADLINE_WARNING = "deadline_warning", _("Deadline warning to staff")
    NEUTRAL = "neutral", _("Neutral notice (confidential cases)")


# The variables a template may use, and what each holds.
PARAMETERS = {
    "organisation": _("the organisation's name"),
    "number": _("the case number"),
    "code": _("the query code"),
    "due": _("the promised resolution date"),
    "matter": _("the matter (catalogue name or the first words)"),
    "name": _("the person's or staff member's name"),
    "department": _("the responsible department"),
    "phone": _("the responsible department's public phone"),
    "outcome": _("the outcome"),
    "reason": _("why the promised date moved"),
    "overdue": _("the number of overdue stages"),
    "near": _("the number of stages near their deadline"),
}
CASE_PARAMETERS = {"organisation", "number", "code", "due", "matter", "name", "department", "phone"}
# A confidential case's notice names nothing of the case: no matter, no name, no number.
ALLOWED_PARAMETERS = {
    NoticeKind.RECEIPT: CASE_PARAMETERS,
    NoticeKind.RESULT: CASE_PARAMETERS | {"outcome"},
    NoticeKind.CALLBACK_INVITATION: CASE_PARAMETERS,
    NoticeKind.PROMISE_MOVED: CASE_PARAMETERS | {"reason"},
    NoticeKind.DEADLINE_WARNING: {"organisation", "name", "overdue", "near"},
    NoticeKind.NEUTRAL: {"organisation", "phone"},
}
_PARAMETER_NAME = re.compile(r"^[a-z_]+$")
_TEMPLATE_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")


def parameter_list(text: str) -> list[str]:
    return [name.strip() for name in (text or "").replace("，", ",").split(",") if name.strip()]


class SmsTemplate(OrganisationOwned):
    kind = models.CharField(_("notice"), max_length=30, choices=NoticeKind.choices)
    template_code = models.CharField(
        _("template code"),
        max_length=50,
        help_text=_("The code the provider gave the registered template, e.g. SMS_123456789."),
    )
    signature = models.CharField(
        _("signature"),
        max_length=12,
        help_text=_("The registered sender signature (签名), without brackets."),
    )
    parameters = models.CharField(
        _("variables"),
        max_length=200,
        blank=True,
        help_text=_("The template's variables, comma-separated, e.g. number,code,due."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="sms_template_one_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.template_code}"

    @property
    def parameter_names(self) -> list[str]:
        return parameter_list(self.parameters)

    def clean(self):
        super().clean()
        errors = {}
        self.template_code = (self.template_code or "").strip()
        self.signature = (self.signature or "").strip().strip("【】[]")
        if not _TEMPLATE_CODE.match(self.template_code):
            errors["template_code"] = _("Letters, digits, '_', '.' and '-' only, as registered.")
        if len(self.signature) < 2:
            errors["signature"] = _("A signature has 2 to 12 characters.")
        names = self.parameter_names
        allowed = ALLOWED_PARAMETERS.get(self.kind, set())
        unknown = [n for n in names if not _PARAMETER_NAME.match(n) or n not in allowed]
        if unknown:
            errors["parameters"] = _(
                "Not a variable of this notice: %(names)s. It may use: %(allowed)s."
            ) % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
        elif len(set(names)) != len(names):
            errors["parameters"] = _("Each variable once.")
        if errors:
            raise ValidationError(errors)
        self.parameters = ",".join(names)


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    OPTED_OUT = "opted_out", _("opted out")
    RATE_LIMITED = "rate_limited", _("rate-limited")


# The messages that count against a number's hourly limit (those that went or will go).
COUNTED = (SmsStatus.QUEUED, SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.FAILED)


class SmsMessage(OrganisationOwned):
    """One SMS: written with the step that causes it, sent by a worker through the outbox."""

    kind = models.CharField(_("notice"), max_length=30, choices=NoticeKind.choices)
    to = models.CharField(_("to"), max_length=20, db_index=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("case"),
    )
    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("staff member"),
    )
    template_code = models.CharField(_("template code"), max_length=50, blank=True)
    signature = models.CharField(_("signature"), max_length=12, blank=True)
    params = models.JSONField(_("variables"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SmsStatus.choices, default=SmsStatus.QUEUED
    )
    provider = models.CharField(_("provider"), max_length=30, blank=True)
    provider_message_id = models.CharField(
        _("provider's message id"), max_length=100, blank=True, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set, and committed, before the provider is called; cleared once the attempt's outcome
    # is recorded. Still set on a later attempt: the worker stopped between the two, and the
    # provider may have taken the message (sms.delivery asks it before sending again).
    sending_since = models.DateTimeField(_("attempt without outcome since"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("status reported at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The per-number limit counts a number's last hour.
            models.Index(fields=["to", "created_at"], name="sms_number_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {masked_number(self.to)}"


def masked_number(number: str) -> str:
    """138****0001: enough to tell numbers apart, not to call them."""
    if len(number) >= 11:
        return f"{number[:3]}****{number[-4:]}"
    return f"{number[:2]}****" if number else ""


class OptOutSource(models.TextChoices):
    LINK = "link", _("the public link")
    REPLY = "reply", _("a reply (TD)")
    ADMIN = "admin", _("recorded by staff")


class SmsOptOut(OrganisationOwned):
    """A number that gets no more SMS from the organisation (退订)."""

    number = models.CharField(_("number"), max_length=20)
    source = models.CharField(_("source"), max_length=10, choices=OptOutSource.choices)
    created_at = models.DateTimeField(_("opted out at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="sms_opt_out_once_per_number"
            ),
        ]

    def __str__(self):
        return masked_number(self.number)
