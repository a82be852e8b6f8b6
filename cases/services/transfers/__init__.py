"""Transfers (转办), signing for them (签收), returns (退回) and forced assignments:
sending.py sends a case on, receiving.py is what the receiving department does."""

from .receiving import (
    RETURNS_BEFORE_ARBITRATION,
    case_accept,
    case_assign_handler,
    case_record_assist_opinion,
    case_reject_return,
    case_return,
    check_assign_handler,
    return_event_note,
)
from .sending import (
    StartedTransfer,
    case_transfer,
    check_destination,
    check_handler,
    default_destination,
    send_transfers,
    start_transfer,
    transfer_destinations,
    transfer_event_note,
)

__all__ = [
    "RETURNS_BEFORE_ARBITRATION",
    "StartedTransfer",
    "case_accept",
    "case_assign_handler",
    "case_record_assist_opinion",
    "case_reject_return",
    "case_return",
    "case_transfer",
    "check_assign_handler",
    "check_destination",
    "check_handler",
    "default_destination",
    "return_event_note",
    "send_transfers",
    "start_transfer",
    "transfer_destinations",
    "transfer_event_note",
]
