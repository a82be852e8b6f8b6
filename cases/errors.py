"""Domain errors of the case service layer: the kernel's (firstask.errors), named for cases."""

from firstask.errors import ActionError as CaseActionError
from firstask.errors import ActionNotAllowed, InvalidInput
from firstask.errors import RecordChanged as CaseChanged

__all__ = ["ActionNotAllowed", "CaseActionError", "CaseChanged", "InvalidInput"]
