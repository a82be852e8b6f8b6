"""The one place where violations, penalties and commendations are written. Admin, the
case services, the sweep and tests call these functions; each runs in one transaction
and raises PenaltyActionError with a message for the user."""

from .assessments import (
    assess_period,
    assessment_compute,
    assessment_lock,
    assessment_request,
    assessments_sweep,
)
from .commendations import award_quarter, commendation_from_praise, commendation_record
from .decisions import (
    violation_appeal,
    violation_dismiss,
    violation_revoke,
    violation_substantiate,
    violation_uphold,
)
from .ledger import active_rule_set, reconcile_ledger, reconcile_organisation
from .notices import notice_publish, published_notice
from .presets import load_penalty_preset, rule_set_activate
from .selfcheck import (
    substantiate_unanswered,
    violation_answer_self_check,
    violation_send_self_check,
)
from .sources import (
    record_overdue_violations,
    violation_from_complaint,
    violation_from_rejected_return,
    violation_report,
)
from .sweep import penalties_sweep

__all__ = [
    "active_rule_set",
    "assess_period",
    "assessment_compute",
    "assessment_lock",
    "assessment_request",
    "assessments_sweep",
    "award_quarter",
    "commendation_from_praise",
    "commendation_record",
    "load_penalty_preset",
    "notice_publish",
    "penalties_sweep",
    "published_notice",
    "reconcile_ledger",
    "reconcile_organisation",
    "record_overdue_violations",
    "rule_set_activate",
    "substantiate_unanswered",
    "violation_answer_self_check",
    "violation_appeal",
    "violation_dismiss",
    "violation_from_complaint",
    "violation_from_rejected_return",
    "violation_report",
    "violation_revoke",
    "violation_send_self_check",
    "violation_substantiate",
    "violation_uphold",
]
