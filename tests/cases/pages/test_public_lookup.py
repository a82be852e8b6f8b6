import re

from django.urls import reverse

from cases import ratelimit
from tests.cases.time_limits import WD, at, make_policy, sent_at_the_desk
from tests.factories import OrganisationFactory


def lookup(client, org, **params):
    return client.get(reverse("public:lookup", args=[org.organisation.code]), params)


def test_the_lookup_shows_state_department_and_outcome(client, org, resolved):
    response = lookup(client, org, number=resolved.number, code=resolved.query_code.lower())

    found = response.context["found"]
    assert response.status_code == 200
    assert found["number"] == resolved.number
    assert found["department"] == org.social.name
    assert found["outcome"]
    assert response["Referrer-Policy"] == "same-origin"  # never to another site


def test_the_lookup_never_shows_the_person_notes_or_staff_phones(client, org, resolved):
    org.handler.phone = "0123-555 0001"
    org.handler.save()

    page = lookup(client, org, number=resolved.number, code=resolved.query_code)
    text = page.content.decode()

    for private in ("市民甲", "13800000001", resolved.result, resolved.matter_text, "0123-555"):
        assert private not in text
    assert org.handler.name not in text


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(client, org, transferred):
    wrong_code = lookup(client, org, number=transferred.number, code="WRONGCOD")
    unknown = lookup(client, org, number="CD-2026-999999", code=transferred.query_code)

    assert wrong_code.status_code == unknown.status_code == 200
    assert wrong_code.context["found"] is unknown.context["found"] is None

    def answer(response):
        # The page repeats what was typed into the form, and the language switch carries a
        # fresh CSRF token; the rest must be identical.
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        for typed in (transferred.number, "CD-2026-999999", "WRONGCOD", transferred.query_code):
            text = text.replace(typed, "")
        return text

    assert answer(wrong_code) == answer(unknown)


def test_another_organisations_case_is_not_found_under_this_organisation(client, org, transferred):
    OrganisationFactory(code="ZZ")

    response = client.get(
        reverse("public:lookup", args=["ZZ"]),
        {"number": transferred.number, "code": transferred.query_code},
    )

    assert response.context["not_found"]


def test_repeated_failed_lookups_are_throttled(client, org, transferred):
    for _ in range(ratelimit.FAILED_LOOKUPS.limit):
        assert lookup(client, org, number=transferred.number, code="BADCODE1").status_code == 200

    response = lookup(client, org, number=transferred.number, code=transferred.query_code)

    assert response.status_code == 429
    assert response["Retry-After"] == str(ratelimit.FAILED_LOOKUPS.seconds)


def test_successful_lookups_are_not_counted_against_the_limit(client, org, transferred):
    for _ in range(ratelimit.FAILED_LOOKUPS.limit + 2):
        response = lookup(client, org, number=transferred.number, code=transferred.query_code)
        assert response.status_code == 200


def test_the_limit_is_per_client_address(client, org, transferred):
    for _ in range(ratelimit.FAILED_LOOKUPS.limit):
        lookup(client, org, number=transferred.number, code="BADCODE1")

    response = client.get(
        reverse("public:lookup", args=[org.organisation.code]),
        {"number": transferred.number, "code": transferred.query_code},
        REMOTE_ADDR="10.0.0.2",
    )

    assert response.status_code == 200


def test_an_unknown_organisation_is_not_found(client, db):
    assert client.get(reverse("public:lookup", args=["NOPE"])).status_code == 404


def test_bad_input_shows_the_form_again(client, org):
    response = lookup(client, org, number="", code="x" * 500)

    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_lookup_shows_the_promised_resolution_date(client, org, register):
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD))
    case = sent_at_the_desk(org, at(2026, 11, 23, 9, 5))

    page = lookup(client, org, number=case.number, code=case.query_code).content.decode()

    assert 'id="lookup-promised">2026-11-27 17:30<' in page
