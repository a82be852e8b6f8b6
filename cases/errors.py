"""Domain errors of the case service layer; every interface shows their message."""


class CaseActionError(Exception):
    """A refused action, with a message meant for the person who tried it."""

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


class ActionNotAllowed(CaseActionError):
    """Wrong state, wrong person, or a condition of the transition is not met."""


class CaseChanged(CaseActionError):
    """Someone else changed the case since the caller read it."""


class InvalidInput(CaseActionError):
    """A required input is missing or does not fit (the field names the input)."""
