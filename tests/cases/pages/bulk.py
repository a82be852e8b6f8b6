"""Many cases fast, for the list tests only: rows written directly with bulk_create
(the service layer is exercised by every other test)."""

import datetime as dt

from cases.choices import Channel, Kind, State
from cases.models import Case, Transfer
from tests.cases.conftest import T0


def bulk_cases(org, count, **overrides):
    """``count`` cases registered by the clerk; ``overrides`` set any column."""
    organisation = org.organisation
    cases = []
    for n in range(1, count + 1):
        fields = {
            "organisation": organisation,
            "number": f"{organisation.code}-2026-{n:06d}",
            "year": 2026,
            "sequence": n,
            "query_code": f"Q{n:07d}",
            "channel": Channel.VISIT,
            "kind": Kind.CONSULTATION,
            "person_name": f"市民{n}",
            "person_phone": f"138{n:08d}",
            "is_confidential": n % 10 == 0,
            "matter_text": f"第{n}件咨询",
            "first_staff": org.clerk,
            "first_department": org.reception,
            "registered_by": org.clerk,
            "registered_at": T0 - dt.timedelta(minutes=n),
            "current_department": org.reception,
            "state": State.REGISTERED,
        }
        fields.update(overrides)
        cases.append(Case(**fields))
    return Case.objects.bulk_create(cases)


def bulk_transferred(org, cases, *, to_department, accepted_by=None):
    """Mark bulk-made cases as transferred (and signed for by ``accepted_by``)."""
    transfers = Transfer.objects.bulk_create(
        Transfer(
            case=case,
            from_department=case.current_department,
            from_staff=org.clerk,
            to_department=to_department,
            sent_at=case.registered_at,
            accepted_at=case.registered_at if accepted_by else None,
            accepted_by=accepted_by,
        )
        for case in cases
    )
    for case, transfer in zip(cases, transfers, strict=True):
        case.current_transfer = transfer
    Case.objects.bulk_update(cases, ["current_transfer"])
    # The state field refuses direct assignment; a plain UPDATE is what a fixture needs.
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(
        state=State.TRANSFERRED,
        current_department=to_department,
        transferred_at=T0,
        accepted_at=T0 if accepted_by else None,
        handler=accepted_by,
    )
    return cases
