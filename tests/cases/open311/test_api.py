"""The GeoReport v2 endpoints, JSON and XML, and every error in the standard's format."""

import xml.etree.ElementTree as ET

import pytest
import time_machine

from cases.choices import EventAction, Kind, State
from cases.models import ApiKey, ApiSubmission, Case
from cases.open311.keys import api_key_revoke
from cases.open311.representations import iso
from cases.timelimits.clocks import promised_resolution
from tests.cases.conftest import T0
from tests.cases.open311.client import post_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    """The messages in English (the site speaks Chinese unless a visitor picks English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _at_t0():
    with time_machine.travel(T0, tick=False):
        yield


def get(client, api, resource, fmt="json", **params):
    params.setdefault("jurisdiction_id", api.org.organisation.code)
    return client.get(f"/open311/v2/{resource}.{fmt}", params)


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def error_of(response, status):
    assert response.status_code == status
    if response["Content-Type"].startswith("text/xml"):
        root = xml(response)
        assert root.tag == "errors"
        return [(int(e.findtext("code")), e.findtext("description")) for e in root]
    return [(e["code"], e["description"]) for e in response.json()]


# --- services ---------------------------------------------------------------------------


def test_service_list_offers_the_public_matters_grouped_by_department(client, api):
    services = get(client, api, "services").json()

    assert [s["service_code"] for s in services] == [str(api.org.matter.pk)]
    assert services[0] == {
        "service_code": str(api.org.matter.pk),
        "service_name": "最低生活保障申请",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "社会事务科",
    }


def test_service_list_in_xml_uses_the_standards_element_names(client, api):
    root = xml(get(client, api, "services", "xml"))

    assert root.tag == "services"
    assert [child.tag for child in root] == ["service"]
    assert root[0].findtext("service_code") == str(api.org.matter.pk)
    assert root[0].findtext("metadata") == "true"
    assert root[0].findtext("group") == "社会事务科"


def test_service_definition_lists_kind_and_channel_as_single_value_lists(client, api):
    definition = get(client, api, f"services/{api.org.matter.pk}").json()

    assert definition["service_code"] == str(api.org.matter.pk)
    kind, channel = definition["attributes"]
    assert (kind["code"], kind["datatype"], kind["required"], kind["order"]) == (
        "kind",
        "singlevaluelist",
        True,
        1,
    )
    assert {"key": "application", "name": "Application"} in kind["values"]
    assert (channel["code"], channel["required"]) == ("channel", False)


def test_service_definition_in_xml(client, api):
    root = xml(get(client, api, f"services/{api.org.matter.pk}", "xml"))

    assert root.tag == "service_definition"
    attributes = root.find("attributes")
    assert [a.findtext("code") for a in attributes.findall("attribute")] == ["kind", "channel"]
    values = attributes.find("attribute").find("values").findall("value")
    assert "complaint" in [v.findtext("key") for v in values]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_or_private_service_is_404(client, api, fmt):
    for code in ("999999", str(api.private_matter.pk), "abc"):
        response = get(client, api, f"services/{code}", fmt)
        assert error_of(response, 404) == [(404, "service_code provided was not found.")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_missing_jurisdiction_is_400_and_unknown_jurisdiction_404(client, api, fmt):
    missing = client.get(f"/open311/v2/services.{fmt}")
    unknown = get(client, api, "services", fmt, jurisdiction_id="NOPE")

    assert error_of(missing, 400) == [(400, "jurisdiction_id was not provided.")]
    assert error_of(unknown, 404) == [(404, "jurisdiction_id provided was not found.")]


def test_other_jurisdictions_services_are_not_mixed_in(client, api, other_organisation):
    from tests.factories import MatterFactory

    MatterFactory(organisation=other_organisation, name="别处的事项")

    codes = [s["service_name"] for s in get(client, api, "services").json()]
    theirs = [s["service_name"] for s in get(client, api, "services", jurisdiction_id="CX").json()]

    assert codes == ["最低生活保障申请"]
    assert theirs == ["别处的事项"]


# --- POST requests ----------------------------------------------------------------------


def test_post_registers_the_case_through_the_intake_service(client, api):
    response = post_request(client, api)

    assert response.status_code == 201
    [created] = response.json()
    case = Case.objects.get()
    assert created["service_request_id"] == case.number
    assert created["expected_datetime"] == iso(promised_resolution(case))
    assert created["expected_datetime"] is not None
    assert case.query_code in created["service_notice"]
    # Routed like the desk: transferred to the matter's department, numbered, timed.
    assert case.state == State.TRANSFERRED
    assert case.current_department == api.org.social
    assert case.channel == "phone"
    assert case.kind == Kind.APPLICATION
    assert case.registered_by == api.org.clerk
    assert case.first_staff == api.org.clerk
    assert case.person_name == "张三"
    assert "城东区人民路1号" in case.matter_text
    assert case.current_clock is not None
    assert list(case.events.values_list("action", flat=True)) == [
        EventAction.REGISTER,
        EventAction.TRANSFER,
    ]
    assert "12345热线" in case.events.get(action=EventAction.TRANSFER).note
    assert case.history.count() >= 1
    submission = ApiSubmission.objects.get()
    assert (submission.case, submission.integration) == (case, api.hotline)
    assert created["token"] == submission.token


def test_post_channel_attribute_overrides_the_systems_channel(client, api):
    post_request(client, api, **{"attribute[channel]": "web"})

    assert Case.objects.get().channel == "web"


def test_post_in_xml_answers_in_xml(client, api):
    response = post_request(client, api, "xml")

    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests"
    assert root.find("request").findtext("service_request_id") == Case.objects.get().number


def test_post_with_the_key_in_a_header(client, api):
    response = client.post(
        "/open311/v2/requests.json",
        {"service_code": str(api.org.matter.pk), "attribute[kind]": "help", "description": "求助"},
        headers={"X-Api-Key": api.key},
    )

    assert response.status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "key, message",
    [(None, "api_key was not provided."), ("o311_wrong", "api_key was not valid.")],
)
def test_post_without_a_valid_key_is_403_and_changes_nothing(client, api, fmt, key, message):
    response = post_request(client, api, fmt, api_key=key)

    assert error_of(response, 403) == [(403, message)]
    assert not Case.objects.exists()


def test_revoked_key_or_inactive_system_is_refused(client, api):
    api_key_revoke(api_key=ApiKey.objects.get())
    revoked = post_request(client, api)

    assert error_of(revoked, 403) == [(403, "api_key was not valid.")]
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_unknown_service_is_404(client, api, fmt):
    for code in ("424242", str(api.private_matter.pk)):
        response = post_request(client, api, fmt, service_code=code)
        assert error_of(response, 404) == [(404, "service_code provided was not found.")]
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_missing_required_attribute_is_400(client, api, fmt):
    response = post_request(client, api, fmt, **{"attribute[kind]": None})

    assert error_of(response, 400) == [(400, "attribute[kind]: This field is required.")]
    assert not Case.objects.exists()


def test_post_attribute_outside_its_values_is_400(client, api):
    response = post_request(client, api, **{"attribute[kind]": "bribe"})

    [(_code, description)] = error_of(response, 400)
    assert description.startswith("attribute[kind]:")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_oversized_description_is_400(client, api, fmt):
    response = post_request(client, api, fmt, description="长" * 4001)

    [(_code, description)] = error_of(response, 400)
    assert description.startswith("description:")
    assert "4000" in description
    assert not Case.objects.exists()


def test_post_description_of_exactly_4000_characters_is_accepted(client, api):
    assert post_request(client, api, description="长" * 4000).status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_to_another_jurisdiction_is_403(client, api, fmt, other_organisation):
    response = post_request(client, api, fmt, jurisdiction_id=other_organisation.code)

    assert error_of(response, 403) == [(403, "api_key is not valid for this jurisdiction_id.")]
    assert not Case.objects.exists()


def test_post_to_an_unknown_jurisdiction_is_404(client, api):
    response = post_request(client, api, jurisdiction_id="ZZ9")

    assert error_of(response, 404) == [(404, "jurisdiction_id provided was not found.")]


def test_post_with_a_jurisdiction_of_nul_characters_files_to_the_keys_organisation(client, api):
    # The NUL middleware leaves "" of "\x00": not given, as an absent jurisdiction_id is.
    response = post_request(client, api, jurisdiction_id="\x00")

    assert response.status_code == 201
    assert Case.objects.get().organisation == api.org.organisation


def test_post_bad_inputs_are_400_and_save_nothing(client, api):
    for bad in (
        {"description": "  "},
        {"email": "not-an-address"},
        {"lat": "31.2"},
        {"lat": "91", "long": "0"},
        {"phone": "1" * 51},
    ):
        response = post_request(client, api, **bad)
        assert response.status_code == 400, bad
    assert not Case.objects.exists()


def test_keys_are_rate_limited_per_system(client, api):
    api.hotline.requests_per_minute = 2
    api.hotline.save()

    statuses = [post_request(client, api).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert Case.objects.count() == 2


def test_get_on_a_post_only_method_is_405_in_the_error_format(client, api):
    response = client.put("/open311/v2/requests.json")

    assert error_of(response, 405)[0][0] == 405
    assert "POST" in response["Allow"]


def test_unknown_resource_is_404_in_the_error_format(client, api):
    assert error_of(client.get("/open311/v2/nothing.xml"), 404)[0][0] == 404
    assert error_of(client.get("/open311/v2/services.csv"), 404)[0][0] == 404


# --- GET requests -----------------------------------------------------------------------


@pytest.fixture
def filed(client, api):
    """Two requests filed through the API and one confidential report."""
    numbers = [post_request(client, api).json()[0]["service_request_id"] for _ in range(2)]
    post_request(client, api, **{"attribute[kind]": "report"})
    return numbers


def test_get_requests_shows_status_department_and_dates_but_no_personal_data(client, api, filed):
    response = get(client, api, "requests")

    requests = response.json()
    assert sorted(r["service_request_id"] for r in requests) == sorted(filed)
    first = requests[0]
    case = Case.objects.get(number=first["service_request_id"])
    assert first["status"] == "open"
    assert first["agency_responsible"] == "社会事务科"
    assert first["service_code"] == str(api.org.matter.pk)
    assert first["requested_datetime"] == iso(case.registered_at)
    assert first["expected_datetime"] == iso(promised_resolution(case))
    assert first["status_notes"] == "Transferred"
    for private in ("张三", "13900000009", "人民路", "最低生活保障，需要"):
        assert private not in response.content.decode()


def test_confidential_cases_are_never_returned(client, api, filed):
    report = Case.objects.get(kind=Kind.REPORT)

    listed = [r["service_request_id"] for r in get(client, api, "requests").json()]
    single = get(client, api, f"requests/{report.number}")
    by_id = get(client, api, "requests", service_request_id=report.number).json()

    assert report.is_confidential
    assert report.number not in listed
    assert error_of(single, 404) == [(404, "service_request_id provided was not found.")]
    assert by_id == []


def test_get_requests_filters_by_id_status_and_dates(client, api, filed):
    by_id = get(client, api, "requests", service_request_id=filed[0]).json()
    closed = get(client, api, "requests", status="closed").json()
    open_ = get(client, api, "requests", status="open,closed").json()
    earlier = get(
        client, api, "requests", end_date="2026-11-22T00:00:00+08:00", status="open"
    ).json()

    assert [r["service_request_id"] for r in by_id] == [filed[0]]
    assert closed == []
    assert len(open_) == 2
    assert earlier == []


@pytest.mark.parametrize(
    "params",
    [{"status": "pending"}, {"start_date": "yesterday"}, {"service_code": "x"}],
)
def test_get_requests_bad_parameters_are_400(client, api, params):
    assert error_of(get(client, api, "requests", **params), 400)[0][0] == 400


def test_get_request_by_id_in_json_and_xml(client, api, filed):
    [request] = get(client, api, f"requests/{filed[0]}").json()
    root = xml(get(client, api, f"requests/{filed[0]}", "xml"))

    assert request["service_request_id"] == filed[0]
    assert root.tag == "service_requests"
    assert root.find("request").findtext("service_request_id") == filed[0]
    assert root.find("request").findtext("status") == "open"


def test_a_closed_request_shows_the_outcome(client, api, filed):
    from cases import services

    case = Case.objects.get(number=filed[0])
    services.case_accept(case=case, by=api.org.handler.user)
    case.refresh_from_db()
    services.case_resolve(case=case, by=api.org.handler.user, outcome="handled", result="已受理")

    [request] = get(client, api, f"requests/{filed[0]}").json()

    assert request["status"] == "closed"
    assert request["status_notes"] == "Resolved; outcome: Handled"


def test_requests_of_another_jurisdiction_are_not_found(client, api, filed, other_organisation):
    response = get(client, api, f"requests/{filed[0]}", jurisdiction_id=other_organisation.code)

    assert error_of(response, 404)[0][0] == 404


def test_token_gives_the_request_id(client, api):
    created = post_request(client, api).json()[0]

    [answer] = get(client, api, f"tokens/{created['token']}").json()
    root = xml(get(client, api, f"tokens/{created['token']}", "xml"))
    missing = get(client, api, "tokens/no-such-token")

    assert answer == {
        "service_request_id": created["service_request_id"],
        "token": created["token"],
    }
    assert root.find("request").findtext("service_request_id") == created["service_request_id"]
    assert error_of(missing, 404)[0][0] == 404


def test_openapi_description_is_served(client, api):
    response = client.get("/open311/v2/openapi.yaml")

    assert response.status_code == 200
    text = response.content.decode()
    assert "/open311/v2/requests.json" in text
    assert "/open311/v2/tokens/{token}.xml" in text
