"""Where the pages meet the time-limit work (cases/deadline_display.py).

The lists, the case page, the receipt, the public lookup and the directory ask these
functions; while that module is absent they answer None and the pages show nothing in
its place, so the pages never depend on the order the two pieces of work land in.
"""

import importlib

from django.db.models import ForeignKey

from .models import Case

DISPLAY_MODULE = "cases.deadline_display"


def _display(name):
    try:
        module = importlib.import_module(DISPLAY_MODULE)
    except ModuleNotFoundError as error:
        if error.name != DISPLAY_MODULE:
            raise  # the module exists but is broken: do not hide that
        return None
    return getattr(module, name, None)


def deadline_badge(case, now=None):
    """The badge of the case's running stage (colour, label, remaining, due_at), or None."""
    helper = _display("deadline_badge")
    return helper(case, now) if helper is not None else None


def matter_time_limits(matters):
    """{matter pk: time-limit text} for several matters (one query), empty if unknown."""
    matters = list(matters)
    helper = _display("matter_time_limits")
    if helper is not None:
        return helper(matters)
    single = _display("matter_time_limit")
    return {m.pk: single(m) for m in matters} if single is not None else {}


def matter_time_limit(matter):
    """The matter's time limit as text (e.g. "3 working days"), or None."""
    return matter_time_limits([matter]).get(matter.pk)


def deadline_related():
    """select_related paths the badge reads, so a list stays one query."""
    related = _display("DEADLINE_RELATED")
    if related is not None:
        return tuple(related)
    field = next((f for f in Case._meta.get_fields() if f.name == "current_clock"), None)
    return ("current_clock",) if isinstance(field, ForeignKey) else ()
