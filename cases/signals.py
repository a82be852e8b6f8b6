"""What the case services announce to the rest of the system (the accountability ledger,
the Open311 webhooks).

Each is sent inside the service's transaction, so whatever a receiver writes is committed
or rolled back together with the case. The deadline sweep's ``stage_alerts_recorded`` is
in cases/timelimits/sweep.py.
"""

from django.dispatch import Signal

# A member of the public complained about a staff member: sent with ``case`` and ``at``.
complaint_registered = Signal()

# A callback was recorded: sent with ``callback`` (its ``praise`` flag says whether the
# person praised the staff).
callback_recorded = Signal()

# The supervising office rejected a return as unjustified: sent with ``transfer`` (the
# returned one), ``by`` and ``at``.
return_rejected = Signal()

# A case was merged into another as its duplicate or repeat (并单): sent with ``duplicate``,
# ``main``, ``by`` and ``at``.
case_merged = Signal()

# Lines were added to case timelines (every service that changes a case writes one): sent
# with ``events``, the saved CaseEvent rows. The deadline sweep writes its warning and
# overdue lines in SQL and announces them with ``stage_alerts_recorded`` instead.
case_events_recorded = Signal()
