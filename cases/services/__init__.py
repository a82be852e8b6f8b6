"""The one place where cases change. Admin, intake pages, public pages, API and tests
all call these functions; each runs in one transaction and raises CaseActionError."""

from .attachments import case_attach, case_withdraw_attachment
from .extensions import extension_approve, extension_reject, extension_request
from .pauses import case_pause_clock, case_resume_clock
from .public import case_register_public_complaint
from .rating import case_rate_by_person, case_redo, rating_review_close, rating_url
from .reclassification import RECLASSIFIABLE, case_reclassify
from .registration import Route, case_register, case_register_and_route
from .resolution import case_call_back, case_reopen, case_resolve
from .supervision import case_merge, case_urge
from .transfers import (
    case_accept,
    case_assign_handler,
    case_pass_on,
    case_record_assist_opinion,
    case_reject_return,
    case_return,
    case_transfer,
)

__all__ = [
    "RECLASSIFIABLE",
    "Route",
    "case_accept",
    "case_assign_handler",
    "case_attach",
    "case_call_back",
    "case_merge",
    "case_pass_on",
    "case_pause_clock",
    "case_rate_by_person",
    "case_reclassify",
    "case_record_assist_opinion",
    "case_redo",
    "case_register",
    "case_register_and_route",
    "case_register_public_complaint",
    "case_reject_return",
    "case_reopen",
    "case_resolve",
    "case_resume_clock",
    "case_return",
    "case_transfer",
    "case_urge",
    "case_withdraw_attachment",
    "extension_approve",
    "extension_reject",
    "extension_request",
    "rating_review_close",
    "rating_url",
]
