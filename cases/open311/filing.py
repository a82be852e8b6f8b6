"""Which integrating system is filing a case right now.

A case's first timeline lines (and so its first webhooks) are written before the
submission row that records who filed it; while ``filing_by`` is open, that is known.
"""

import contextlib
import contextvars

_filing = contextvars.ContextVar("open311_filing", default=None)


@contextlib.contextmanager
def filing_by(integration_id: int):
    token = _filing.set(integration_id)
    try:
        yield
    finally:
        _filing.reset(token)


def integration_filing() -> int | None:
    return _filing.get()
