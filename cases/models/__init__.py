from .access_log import AccessPlace, PersonalDataAccess
from .attachment import CaseAttachment
from .callback import Callback
from .case import Case
from .clock import ClockPause, StageAlert, StageClock
from .extension import Extension
from .integration import ApiKey, ApiSubmission, Integration
from .numbering import CaseNumberSequence, allocate_case_number, format_case_number
from .policy import TimeLimitPolicy
from .rating import Rating
from .timeline import CaseEvent, UrgingNotice
from .transfer import Transfer
from .webhook import WebhookCircuit, WebhookDelivery, WebhookEndpoint

__all__ = [
    "AccessPlace",
    "ApiKey",
    "ApiSubmission",
    "Callback",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "CaseNumberSequence",
    "ClockPause",
    "Extension",
    "Integration",
    "PersonalDataAccess",
    "Rating",
    "StageAlert",
    "StageClock",
    "TimeLimitPolicy",
    "Transfer",
    "UrgingNotice",
    "WebhookCircuit",
    "WebhookDelivery",
    "WebhookEndpoint",
    "allocate_case_number",
    "format_case_number",
]
