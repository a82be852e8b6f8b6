"""A hand-built quarter (2026 Q2) whose every metric the tests work out by hand.

Two departments: 社会事务科 (A: the clerk 王芳, the handler 周杰, the head 张科长) and
民政科 (B: 刘洋, the head 陈科长). Rows just outside the quarter, in Asia/Shanghai, and
a merged duplicate are there to be left out.
"""

import datetime as dt
from types import SimpleNamespace

from cases.models import Callback, Case, CaseEvent, StageClock, Transfer
from penalties import services
from penalties.models import ViolationKind

from .conftest import SHANGHAI

_numbers = iter(range(1, 1_000_000))


def at(month, day, hour=10, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def case(p, *, first, held_by, handler=None, state="registered", registered, **fields):
    n = next(_numbers)
    return Case.objects.create(
        organisation=p.organisation,
        number=f"M-2026-{n:06d}",
        year=2026,
        sequence=n,
        query_code=f"M{n:07d}",
        channel="visit",
        kind="consultation",
        matter_text="测试事项",
        first_staff=first,
        first_department=first.department,
        registered_by=first,
        registered_at=registered,
        current_department=held_by,
        handler=handler,
        state=state,
        **fields,
    )


def clock(c, stage, department, responsible, *, due, met=None):
    return StageClock.objects.create(
        case=c,
        stage=stage,
        department=department,
        responsible=responsible,
        started_at=c.registered_at,
        due_at=due,
        met_at=met,
    )


def callback(c, when, satisfaction, reached=True):
    return Callback.objects.create(
        case=c,
        at=when,
        by=c.first_staff,
        contact_result="reached" if reached else "unreachable",
        satisfaction=satisfaction if reached else "",
    )


def build_quarter(p, preset):
    A, B = p.social, p.civil
    c1 = case(
        p,
        first=p.clerk,
        held_by=A,
        handler=p.colleague,
        state="called_back",
        registered=at(4, 1, 9),
        resolved_at=at(4, 2),
        called_back_at=at(4, 3),
    )
    c2 = case(
        p,
        first=p.clerk,
        held_by=B,
        handler=p.civil_clerk,
        state="resolved",
        registered=at(4, 10),
        resolved_at=at(4, 12),
    )
    c3 = case(p, first=p.clerk, held_by=A, registered=at(5, 5))
    # Registered the evening before the quarter, resolved inside it.
    c4 = case(
        p,
        first=p.clerk,
        held_by=A,
        handler=p.colleague,
        state="called_back",
        registered=at(3, 31, 23, 30),
        resolved_at=at(4, 1),
        called_back_at=at(4, 2),
    )
    # Midnight of 1 July in Shanghai is 16:00 UTC on 30 June: outside the quarter.
    case(p, first=p.clerk, held_by=A, registered=at(7, 1, 0, 0))
    c6 = case(p, first=p.civil_clerk, held_by=B, registered=at(6, 30, 23, 59))
    c7 = case(
        p,
        first=p.civil_clerk,
        held_by=B,
        handler=p.civil_clerk,
        state="transferred",
        registered=at(4, 15),
        round=2,
    )
    duplicate = case(p, first=p.clerk, held_by=A, registered=at(5, 6), merged_into=c3)

    Transfer.objects.create(
        case=c2,
        from_department=A,
        from_staff=p.clerk,
        to_department=B,
        sent_at=at(4, 10, 10),
        accepted_at=at(4, 10, 11),
        accepted_by=p.civil_clerk,
    )
    Transfer.objects.create(
        case=c3,
        from_department=A,
        from_staff=p.clerk,
        to_department=B,
        sent_at=at(5, 5, 10),
        returned_at=at(5, 6),
        returned_by=p.civil_head,
        return_reason="不属本科职责",
    )
    Transfer.objects.create(
        case=duplicate, from_department=A, from_staff=p.clerk, to_department=B, sent_at=at(5, 6)
    )

    clock(c1, "resolve", A, p.colleague, due=at(4, 3, 17, 30), met=at(4, 2))
    clock(c2, "sign_for", B, None, due=at(4, 10, 17, 30), met=at(4, 10, 11))
    clock(c2, "resolve", B, p.civil_clerk, due=at(4, 11, 17, 30), met=at(4, 12))
    c3.current_clock = clock(c3, "forward", A, p.clerk, due=at(5, 7, 17, 30))  # overdue
    c3.save(update_fields=["current_clock"])
    clock(c6, "forward", B, p.civil_clerk, due=at(7, 2, 17, 30))  # due after the quarter
    clock(c4, "callback", A, p.colleague, due=at(4, 3, 17, 30), met=at(4, 2))
    clock(c4, "resolve", A, p.colleague, due=at(3, 31, 17, 30), met=at(4, 1))  # met late
    clock(duplicate, "forward", A, p.clerk, due=at(5, 7, 17, 30))

    callback(c1, at(4, 3), "very_satisfied")
    callback(c1, at(4, 2, 15), "", reached=False)
    callback(c4, at(4, 2), "basically_satisfied")
    callback(c7, at(4, 20), "dissatisfied")
    callback(c4, at(7, 1, 0, 0), "very_dissatisfied")  # after the quarter
    CaseEvent.objects.create(
        case=c7, at=at(4, 21), action="reopen", from_state="called_back", to_state="transferred"
    )

    preset("municipal")

    def violation(staff, when, substantiate=True):
        found = services.violation_report(
            by=p.supervisor.user,
            staff=staff,
            kind=ViolationKind.COMPLAINT,
            evidence="群众投诉",
            occurred_at=when,
            at=when,
        )
        if substantiate:
            services.violation_substantiate(
                violation=found, by=p.supervisor.user, note="查证属实", at=when
            )

    violation(p.colleague, at(5, 10))  # 1st offence: 3 lines for him, 1 for his head
    violation(p.civil_clerk, at(7, 1, 0, 0))  # after the quarter
    violation(p.clerk, at(5, 11), substantiate=False)  # only suspected

    services.commendation_record(by=p.supervisor.user, staff=p.clerk, reason="热情", at=at(4, 30))
    services.commendation_record(
        by=p.supervisor.user, department=B, reason="季度红榜", at=at(6, 30, 23, 59)
    )
    services.commendation_record(
        by=p.supervisor.user, department=A, reason="下季度", at=at(7, 1, 0, 0)
    )
    return SimpleNamespace(c1=c1, c2=c2, c3=c3, c4=c4, c6=c6, c7=c7, duplicate=duplicate)


# 1 July, noon: every stage due in the quarter is either met or overdue.
NOW = at(7, 1, 12)
