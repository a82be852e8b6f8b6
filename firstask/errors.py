"""The one error hierarchy of the service layer: every interface shows the message.

The apps name these after their own records (``cases.errors.CaseChanged``,
``penalties.errors.ViolationChanged``...) but raise and catch these very classes.
"""

from django.utils.functional import Promise


class ActionError(Exception):
    """A refused action, with a message meant for the person who tried it."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ActionNotAllowed(ActionError):
    """Wrong state, wrong person, or a condition of the transition is not met."""


class RecordChanged(ActionError):
    """Someone else changed the record since the caller read it."""


class InvalidInput(ActionError):
    """A required input is missing or does not fit (the field names the input)."""
