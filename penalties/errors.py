"""Domain errors of the accountability services; every interface shows their message."""


class PenaltyActionError(Exception):
    """A refused action, with a message meant for the person who tried it."""

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


class ActionNotAllowed(PenaltyActionError):
    """Wrong state, wrong person, or a condition of the transition is not met."""


class ViolationChanged(PenaltyActionError):
    """Someone else changed the violation since the caller read it."""


class InvalidInput(PenaltyActionError):
    """A required input is missing or does not fit (the field names the input)."""
