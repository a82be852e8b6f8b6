"""Self-check (自查): the department is notified, answers with evidence, or is substantiated.

Deadlines count working days on the organisation's calendar: the notice is due within the
rule set's notice days of the report (2 by default), the answer within its answer days of
the notice (5 by default). No answer by then substantiates the violation (逾期不报视为违规);
the beat sweep does that, at the deadline's moment, once however often it runs.
"""

import logging
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from departments.calendar.calendars import calendar_for
from departments.models import Organisation
from firstask.workflow import Login, now_or, required_text

from ..models import SelfCheck, Violation, ViolationAction, ViolationState
from ..notifications import notify_self_check, notify_self_check_answered, notify_substantiated
from .base import acting_staff, fire, lock_violation, record_event, save_violation
from .decisions import apply_rules, fix_liability
from .ledger import active_rule_set

logger = logging.getLogger(__name__)

DEFAULT_NOTICE_DAYS, DEFAULT_ANSWER_DAYS = 2, 5


def self_check_days(organisation: Organisation | int) -> tuple[int, int]:
    rule_set = active_rule_set(organisation)
    if rule_set is None:
        return DEFAULT_NOTICE_DAYS, DEFAULT_ANSWER_DAYS
    return rule_set.self_check_notice_days, rule_set.self_check_answer_days


@transaction.atomic
def violation_send_self_check(
    *, violation: Violation, by: Login, request: str = "", at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    staff = acting_staff(by, violation)
    at = now_or(at)
    from_state = fire(violation, "send_self_check", by)
    calendar = calendar_for(violation.organisation)
    notice_days, answer_days = self_check_days(violation.organisation)
    check = SelfCheck(
        violation=violation,
        department=violation.department,
        notice_due=calendar.add_working_days(violation.reported_at, notice_days),
        sent_at=at,
        sent_by=staff,
        request=(request or "").strip(),
        due=calendar.add_working_days(at, answer_days),
    )
    check._history_user = by
    check.save()
    save_violation(violation, by)
    record_event(
        violation,
        ViolationAction.SEND_SELF_CHECK,
        user=by,
        at=at,
        from_state=from_state,
        note=_("Answer due by %(due)s. %(request)s")
        % {"due": f"{calendar.local(check.due):%Y-%m-%d %H:%M}", "request": check.request},
    )
    notify_self_check(check)
    return violation


@transaction.atomic
def violation_answer_self_check(
    *, violation: Violation, by: Login, answer: str, at: datetime | None = None
) -> Violation:
    violation = lock_violation(violation)
    staff = acting_staff(by, violation)
    at = now_or(at)
    answer = required_text(answer, "answer", _("Give the department's answer and its evidence."))
    from_state = fire(violation, "answer_self_check", by)
    check = violation.self_check
    check.answer, check.answered_at, check.answered_by = answer, at, staff
    check._history_user = by
    check.save()
    save_violation(violation, by)
    record_event(
        violation,
        ViolationAction.ANSWER_SELF_CHECK,
        user=by,
        at=at,
        from_state=from_state,
        note=answer,
    )
    notify_self_check_answered(violation)
    return violation


def overdue_self_checks(now: datetime) -> QuerySet[Violation]:
    return Violation.objects.filter(
        state=ViolationState.SELF_CHECK,
        self_check__answered_at__isnull=True,
        self_check__due__lte=now,
    ).order_by("pk")


def substantiate_unanswered(*, now: datetime, skipped: Sequence[int] = ()) -> list[int]:
    """Substantiate every self-check left unanswered past its deadline, except in the
    organisations ``skipped``; returns their ids."""
    done = []
    overdue = overdue_self_checks(now)
    if skipped:
        overdue = overdue.exclude(organisation__in=skipped)
    for pk in overdue.values_list("pk", flat=True):
        if _substantiate_one(pk, now):
            done.append(pk)
    return done


@transaction.atomic
def _substantiate_one(pk, now):
    # Re-read under the lock: a doubled sweep waits here, then finds the violation already
    # substantiated (or answered in the meantime) and leaves it. No join in the locking
    # query, so PostgreSQL's re-check of a row updated meanwhile sees the row itself.
    violation = (
        Violation.objects.select_for_update(no_key=True)
        .filter(pk=pk, state=ViolationState.SELF_CHECK)
        .first()
    )
    if violation is None:
        return False
    check = violation.self_check
    if check.answered_at is not None or check.due > now:
        return False
    due = check.due
    from_state = fire(violation, "substantiate_by_deadline", None, at=due)
    fix_liability(violation)
    save_violation(violation, None)
    record_event(
        violation,
        ViolationAction.SUBSTANTIATE_BY_DEADLINE,
        user=None,
        at=due,
        from_state=from_state,
        note=_("No self-check answer by the deadline: substantiated."),
    )
    apply_rules(violation, at=now)
    notify_substantiated(violation)
    logger.info("violation %s substantiated: self-check unanswered by %s", pk, due)
    return True
