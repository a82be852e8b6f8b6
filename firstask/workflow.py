"""The workflow kernel: what every service action does around its FSM transition.

Each app declares one ``Workflow`` with its own messages (cases/services/base.py,
penalties/services/base.py); a service function then locks the record, checks and fires
the transition, and saves, always the same way.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db.models.options import Options
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .errors import ActionNotAllowed, InvalidInput, RecordChanged

Message = str | Promise
# Who acts: a login, the anonymous public, or None for the system itself (a sweep).
# Only for type checkers: the auth models cannot be imported while the apps load, and
# departments.access (imported then) uses this too.
if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Login = AbstractBaseUser | AnonymousUser | None
else:
    Login = Any


class Saved(Protocol):
    """A record with ``save()``: a model instance."""

    def save(self, *args: Any, **kwargs: Any) -> None: ...


class Stateful(Saved, Protocol):
    """A record a ``Workflow`` moves: a model with an FSM ``state`` and a ``version``."""

    pk: Any
    state: str
    version: int

    @property
    def _meta(self) -> "Options[Any]": ...  # the model's (public) Options API

    def get_state_display(self) -> str: ...


Record = TypeVar("Record", bound=Saved)
StatefulRecord = TypeVar("StatefulRecord", bound=Stateful)


def now_or(at: datetime | None) -> datetime:
    """The moment the caller passed, or now: services read the clock once."""
    return at or timezone.now()


def required_text(value: str | None, field: str, message: Message) -> str:
    """``value`` stripped; InvalidInput on ``field`` with ``message`` when it is empty."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def permitted(check: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Whether ``check`` (a service's precondition, raising ActionNotAllowed) lets it be.

    Forms and pages offer an action by asking the service's own check, never a copy of it.
    """
    try:
        check(*args, **kwargs)
    except ActionNotAllowed:
        return False
    return True


def _no_details(record: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Workflow:
    """The transition guard, the version lock and the versioned save of one kind of record.

    The record has an FSM ``state`` field with ``get_state_display`` and a ``version``
    counter. Messages are %-formatted with ``describe(record)``; ``wrong_state`` also gets
    ``state`` and ``action`` (the action's entry in ``action_names``, else its name).
    ``conditions`` maps each transition condition to what it says when unmet.
    """

    wrong_state: Message
    not_permitted: Message
    changed: Message
    conditions: Mapping[Callable[[Any], bool], Message] = field(default_factory=dict)
    action_names: Mapping[str, Message] = field(default_factory=dict)
    describe: Callable[[Any], dict[str, Any]] = _no_details
    # A step with no user is the system's own (a sweep): no permission to check.
    system_may_act: bool = False

    def lock(self, record: StatefulRecord, *, check_version: bool = True) -> StatefulRecord:
        """``record`` re-read under a row lock; RecordChanged if it changed since it was read."""
        # No joins in the locking query: PostgreSQL re-checks a row that was updated while we
        # waited, and an outer join in that re-check can drop the row altogether.
        # FOR NO KEY UPDATE, not FOR UPDATE: the key is never changed, and rows that refer to
        # the record (alerts, timeline lines) take FOR KEY SHARE at commit, which FOR UPDATE
        # would block while we wait for a row the sweep holds: a deadlock.
        manager = record._meta.default_manager
        assert manager is not None  # every concrete model has one
        locked = manager.select_for_update(no_key=True).get(pk=record.pk)
        if check_version and locked.version != record.version:
            raise RecordChanged(str(self.changed) % self.describe(locked))
        return locked

    def ensure_allowed(self, record: Stateful, action: str, user: Login) -> None:
        """Raise a clear ActionNotAllowed unless ``user`` may run transition ``action`` now."""
        transition = getattr(record, action)._django_fsm.get_transition(record.state)
        if transition is None:
            raise ActionNotAllowed(
                str(self.wrong_state)
                % {
                    **self.describe(record),
                    "state": record.get_state_display(),
                    "action": self.action_names.get(action, action),
                }
            )
        for condition in transition.conditions:
            if not condition(record):
                raise ActionNotAllowed(self.conditions.get(condition, _("Not possible now.")))
        if user is None and self.system_may_act:
            return
        if not transition.has_perm(record, user):
            raise ActionNotAllowed(str(self.not_permitted) % self.describe(record))

    def fire(self, record: Stateful, action: str, user: Login, **kwargs: Any) -> str:
        """Run transition ``action`` after checking it; returns the state it left."""
        self.ensure_allowed(record, action, user)
        from_state = record.state
        getattr(record, action)(**kwargs)
        return from_state

    def save(self, record: Stateful, user: Login) -> None:
        """Save a changed record: its version moves on, its history row names ``user``."""
        record.version += 1
        save_with_user(record, user)


def save_with_user(
    record: Record, user: Login, *, update_fields: Iterable[str] | None = None
) -> Record:
    """Save ``record`` with ``user`` as the author of its history row."""
    # django-simple-history's documented way to name the author of the next history row.
    record._history_user = user  # type: ignore[attr-defined]
    record.save(update_fields=update_fields)
    return record
