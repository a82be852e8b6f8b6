"""Domain errors of the accountability services: the kernel's (firstask.errors), named for
violations."""

from firstask.errors import ActionError as PenaltyActionError
from firstask.errors import ActionNotAllowed, InvalidInput
from firstask.errors import RecordChanged as ViolationChanged

__all__ = ["ActionNotAllowed", "InvalidInput", "PenaltyActionError", "ViolationChanged"]
