"""The API driven by an independent Open311 client, over HTTP, against a live server.

``georeport`` (a GeoReport v2 client on PyPI) lists services, reads definitions and reads
requests back; it has no method to file one, so that POST goes through ``requests``, the
HTTP library georeport itself uses, form-encoded as the standard specifies. The other
Open311 clients on PyPI (``open311``, ``three``) are Python 2 only.
"""

import pytest
import requests
from georeport import GeoReport

from cases.models import Case


@pytest.fixture
def root(live_server):
    return live_server.url.replace("localhost", "127.0.0.1") + "/open311/v2"


@pytest.mark.django_db(transaction=True)
def test_georeport_lists_services_posts_a_request_and_reads_it_back(root, api):
    code = api.org.organisation.code
    client = GeoReport(root, jurisdiction=code, api_key=api.key)
    assert root.startswith("http://127.0.0.1:")

    services = client.get_service_list()
    [service] = [s for s in services if s["service_name"] == "最低生活保障申请"]
    definition = client.get_service_definition(service["service_code"])
    required = [a["code"] for a in definition["attributes"] if a["required"]]

    posted = requests.post(
        f"{root}/requests.json",
        data={
            "jurisdiction_id": code,
            "api_key": client.api_key,
            "service_code": service["service_code"],
            **{f"attribute[{name}]": "application" for name in required},
            "description": "申请低保需要哪些材料？",
            "first_name": "三",
            "last_name": "张",
            "phone": "13900000009",
        },
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    number = posted.json()[0]["service_request_id"]

    request = client.get_service_request(number)
    listed = client.get_service_requests(status="open")
    in_xml = GeoReport(root, jurisdiction=code, output_format="xml")

    assert required == ["kind"]
    assert request["service_request_id"] == number
    assert request["status"] == "open"
    assert request["agency_responsible"] == "社会事务科"
    assert number in [r["service_request_id"] for r in listed]
    assert in_xml.get_service_request(number)["service_request_id"] == number
    assert in_xml.get_service_list()["service_code"] == service["service_code"]
    assert Case.objects.get(number=number).person_phone == "13900000009"
