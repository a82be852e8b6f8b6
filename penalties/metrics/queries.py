"""Every metric of a period for an organisation, its departments or its staff.

One aggregate query per family of metrics (cases, transfers, stages, callbacks,
reopenings, violations, penalties, commendations), grouped by the subject: the number of
queries does not grow with the number of cases, departments or staff.

Who a number belongs to:
- registered: the first-inquiry staff member and department;
- transfers sent: the sender; transfers received and returned: the receiving department,
  and whoever signed for or returned it;
- a case's resolution, callback, ratings and reopenings: the department holding the case
  and its handler (the first-inquiry person while it has none);
- satisfaction: each round of a case once, the person's own rating (好差评, in the period
  it was given) rather than the callback's answer when the person rated the round;
- a timed stage: the stage clock's department and responsible person;
- violations, penalties and commendations: their staff member and department.

Merged duplicates (并单) count once, as their main case.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cases.choices import ContactResult, EventAction, State
from cases.models import Callback, Case, CaseEvent, Rating, StageClock, Transfer
from cases.models.clock import MET_IN_TIME, OPEN_UNPAUSED

from ..models import COUNTED_STATES, AssessmentSettings, Commendation, Penalty, Violation
from ..numbers import LEVELS, STAGES, Numbers
from ..periods import Period

ORGANISATION, DEPARTMENT, STAFF = "organisation", "department", "staff"

# The subject of each family of rows, per level: an ORM path or a (path, fallback) pair.
KEYS = {
    "registered": {DEPARTMENT: "first_department", STAFF: "first_staff"},
    "held": {DEPARTMENT: "current_department", STAFF: ("handler", "first_staff")},
    "sent": {DEPARTMENT: "from_department", STAFF: "from_staff"},
    "received": {DEPARTMENT: "to_department", STAFF: ("accepted_by", "returned_by")},
    "stage": {DEPARTMENT: "department", STAFF: "responsible"},
    "case_holder": {
        DEPARTMENT: "case__current_department",
        STAFF: ("case__handler", "case__first_staff"),
    },
    "ledger": {DEPARTMENT: "department", STAFF: "staff"},
}


def _key(family, level):
    if level == ORGANISATION:
        return Value(0)
    path = KEYS[family][level]
    return Coalesce(F(path[0]), F(path[1])) if isinstance(path, tuple) else F(path)


def _grouped(queryset, family, level, only, day=None, **aggregates):
    """{subject key: {aggregate: value}} of one aggregate query; with ``day`` (an expression
    of the row's moment), {(local date, subject key): …}."""
    rows = queryset.annotate(subject=_key(family, level))
    if only is not None:
        rows = rows.filter(subject__in=only)
    keys = ["subject"]
    if day is not None:
        rows = rows.annotate(day=TruncDate(day, tzinfo=timezone.get_default_timezone()))
        keys.append("day")
    rows = rows.values(*keys).annotate(**aggregates).order_by()
    if day is None:
        return {row.pop("subject"): row for row in rows if row["subject"] is not None}
    return {(row.pop("day"), row.pop("subject")): row for row in rows if row["subject"] is not None}


def _during(field, start, end):
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def families(org, start, end, now, *, by_day=False):
    """The aggregate queries of every family of metrics in [start, end) at ``now``: each a
    (queryset, family, day, aggregates) tuple, ``day`` being the moment that puts a row in
    a day (None unless ``by_day``: the cases' registration and resolution are then two
    queries). ``compute`` and the daily summaries run the same queries."""

    def on(moment):
        return moment if by_day else None

    found = []
    cases = Case.objects.filter(organisation=org, merged_into__isnull=True)
    registered, resolved = _during("registered_at", start, end), _during("resolved_at", start, end)
    found.append(
        (cases.filter(registered), "registered", on("registered_at"), {"registered": Count("pk")})
    )
    merged = Case.objects.filter(organisation=org, merged_into__isnull=False).filter(registered)
    found.append((merged, "registered", on("registered_at"), {"merged": Count("pk")}))
    to_resolve = {
        "to_resolve": Count("pk", filter=registered),
        "done": Count("pk", filter=registered & Q(state__in=(State.RESOLVED, State.CALLED_BACK))),
        "open_registered": Count("pk", filter=registered & Q(state=State.REGISTERED)),
        "open_transferred": Count("pk", filter=registered & Q(state=State.TRANSFERRED)),
        "open_resolved": Count("pk", filter=registered & Q(state=State.RESOLVED)),
    }
    resolutions = {
        "resolved": Count("pk", filter=resolved),
        "called_back": Count("pk", filter=resolved & Q(called_back_at__isnull=False)),
    }
    if by_day:
        found.append((cases.filter(registered), "held", "registered_at", to_resolve))
        found.append((cases.filter(resolved), "held", "resolved_at", resolutions))
    else:
        found.append((cases.filter(registered | resolved), "held", None, to_resolve | resolutions))
    transfers = Transfer.objects.filter(
        case__organisation=org, case__merged_into__isnull=True, sent_at__gte=start, sent_at__lt=end
    )
    found.append((transfers, "sent", on("sent_at"), {"transferred": Count("pk")}))
    found.append(
        (
            transfers,
            "received",
            on("sent_at"),
            {
                "received": Count("pk"),
                "returned": Count("pk", filter=Q(returned_at__isnull=False)),
            },
        )
    )
    # A stage counts in the period it ended in; an open stage past its deadline counts
    # (as late) in the period its deadline fell in, while it stays open.
    stages = StageClock.objects.counted_in(start, end, now).filter(
        case__organisation=org, case__merged_into__isnull=True
    )
    per_stage = {}
    for stage in STAGES:
        per_stage[f"{stage}_due"] = Count("pk", filter=Q(stage=stage))
        per_stage[f"{stage}_on_time"] = Count("pk", filter=Q(stage=stage) & MET_IN_TIME)
        per_stage[f"{stage}_open"] = Count("pk", filter=Q(stage=stage) & OPEN_UNPAUSED)
    found.append((stages, "stage", on(Coalesce("met_at", "due_at")), per_stage))
    # Satisfaction: each round of a case counts once. The person's own rating (好差评)
    # counts, in the period it was given; a round the person rated does not count its
    # callback's answer as well. Otherwise the reached callback's answer counts.
    rated_round = Rating.objects.filter(case=OuterRef("case"), round=OuterRef("round"))
    callbacks = Callback.objects.filter(
        case__organisation=org,
        case__merged_into__isnull=True,
        contact_result=ContactResult.REACHED,
        at__gte=start,
        at__lt=end,
        satisfaction__in=LEVELS,
    ).filter(~Exists(rated_round))
    levels = {level_: Count("pk", filter=Q(satisfaction=level_)) for level_ in LEVELS}
    found.append((callbacks, "case_holder", on("at"), levels))
    ratings = Rating.objects.filter(
        case__organisation=org,
        case__merged_into__isnull=True,
        at__gte=start,
        at__lt=end,
        satisfaction__in=LEVELS,
    )
    found.append((ratings, "case_holder", on("at"), levels))
    reopenings = CaseEvent.objects.filter(
        case__organisation=org,
        case__merged_into__isnull=True,
        action=EventAction.REOPEN,
        at__gte=start,
        at__lt=end,
    )
    found.append((reopenings, "case_holder", on("at"), {"reopened": Count("pk")}))
    violations = Violation.objects.filter(
        organisation=org, state__in=COUNTED_STATES, substantiated_at__gte=start
    ).filter(substantiated_at__lt=end)
    found.append((violations, "ledger", on("substantiated_at"), {"violations": Count("pk")}))
    penalties = Penalty.objects.live().filter(organisation=org, at__gte=start, at__lt=end)
    found.append((penalties, "ledger", on("at"), {"penalties": Count("pk")}))
    commendations = Commendation.objects.filter(organisation=org, at__gte=start, at__lt=end)
    found.append((commendations, "ledger", on("at"), {"commendations": Count("pk")}))
    return found


def compute(
    organisation,
    period: Period,
    level: str = DEPARTMENT,
    *,
    only=None,
    formula: str | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """{subject id: Numbers} (key 0 for the organisation) for every subject with a number,
    counted from the raw rows.

    ``only`` limits the subjects to a list of ids; ``now`` (default: the clock) decides which
    open stages are already overdue; ``formula`` defaults to the organisation's setting.
    """
    tz = timezone.get_default_timezone()
    start, end = period.bounds(tz)
    return count_between(organisation, start, end, level, only=only, formula=formula, now=now)


def count_between(
    organisation, start, end, level, *, only=None, formula=None, now=None, by_day=False
):
    """``compute`` for [start, end); with ``by_day``, {(local date, subject id): Numbers}."""
    now = now or timezone.now()
    if formula is None:
        formula = _formula(organisation)
    org = getattr(organisation, "pk", organisation)
    numbers = defaultdict(lambda: Numbers(formula=formula))
    for queryset, family, day, aggregates in families(org, start, end, now, by_day=by_day):
        for key, values in _grouped(queryset, family, level, only, day, **aggregates).items():
            for name, value in values.items():
                setattr(numbers[key], name, getattr(numbers[key], name) + value)
    return dict(numbers)


def organisation_numbers(organisation, period: Period, **options) -> Numbers:
    return compute(organisation, period, ORGANISATION, **options).get(
        0, Numbers(formula=options.get("formula") or _formula(organisation))
    )


def department_numbers(department, period: Period, **options) -> Numbers:
    found = compute(department.organisation_id, period, DEPARTMENT, only=[department.pk], **options)
    return found.get(department.pk) or Numbers(
        formula=options.get("formula") or _formula(department.organisation_id)
    )


def staff_numbers(staff, period: Period, **options) -> Numbers:
    found = compute(staff.organisation_id, period, STAFF, only=[staff.pk], **options)
    return found.get(staff.pk) or Numbers(
        formula=options.get("formula") or _formula(staff.organisation_id)
    )


def _formula(organisation):
    return AssessmentSettings.for_organisation(organisation).satisfaction_formula
