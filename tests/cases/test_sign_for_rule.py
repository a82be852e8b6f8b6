""" "Awaiting sign-for" and "signed for" have one definition: the queryset and the case agree."""

from cases import services
from cases.models import Case
from tests.cases.conftest import later


def test_the_queryset_and_the_case_agree_on_who_awaits_sign_for(org, register):
    held = register()
    waiting = register()
    services.case_transfer(case=waiting, by=org.clerk.user, at=later(10))
    signed = register()
    services.case_transfer(case=signed, by=org.clerk.user, at=later(10))
    signed.refresh_from_db()
    services.case_accept(case=signed, by=org.handler.user, at=later(20))
    returned = register()
    services.case_transfer(case=returned, by=org.clerk.user, at=later(10))
    returned.refresh_from_db()
    services.case_return(
        case=returned, by=org.handler.user, reason="不属本部门", duty_item=None, at=later(20)
    )

    cases = list(Case.objects.filter(pk__in=[c.pk for c in (held, waiting, signed, returned)]))

    assert set(Case.objects.awaiting_sign_for()) == {c for c in cases if c.awaiting_sign_for}
    assert set(Case.objects.signed_for()) == {c for c in cases if c.is_signed_for}
    assert {c.pk for c in Case.objects.awaiting_sign_for()} == {waiting.pk}
    assert {c.pk for c in Case.objects.signed_for()} == {signed.pk}
