"""Webhooks cannot reach inside: internal, credentialled and non-https endpoint URLs are
refused when saved, the host is checked again (and pinned) at every delivery, redirects
are not followed; receivers on premises run on an explicit allow-list."""

import ipaddress

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from cases.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookScope
from cases.open311 import egress
from cases.open311.webhook_delivery import drain_webhooks
from departments.roles import Role
from tests.cases.open311.client import post_request
from tests.cases.open311.receiver import Receiver
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"
DNS = {
    "hooks.example.org": [PUBLIC],
    "metadata.google.internal": ["169.254.169.254"],
    "localhost": ["127.0.0.1", "::1"],
    "half.example.org": [PUBLIC, "10.0.0.5"],  # one internal address is enough to refuse
}


@pytest.fixture
def dns(monkeypatch):
    """Play DNS: names from ``dns.table`` (IP literals stand for themselves)."""

    class Resolver:
        table = dict(DNS)
        lookups = []

        def __call__(self, host, port):
            self.lookups.append(host)
            try:
                return [str(ipaddress.ip_address(host))]
            except ValueError:
                pass
            if host not in self.table:
                raise OSError("Name or service not known")
            answer = self.table[host]
            return answer.pop(0) if answer and isinstance(answer[0], list) else answer

    resolver = Resolver()
    monkeypatch.setattr(egress, "resolve", resolver)
    return resolver


def endpoint_for(api, url, **fields):
    return WebhookEndpoint(
        integration=api.hotline, url=url, events=["registered"], scope=WebhookScope.ALL, **fields
    )


REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/latest/meta-data/",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://10.0.0.1/hooks",
    "https://192.168.1.1/hooks",
    "https://[fd00::1]/hooks",
    "https://localhost:6379/",
    "https://127.0.0.1:5432/",
    "https://[::1]/hooks",
    "https://0.0.0.0/hooks",
    "https://[::ffff:127.0.0.1]/hooks",
    "https://[::ffff:a9fe:a9fe]/hooks",
    "https://half.example.org/hooks",
    "https://unknown.example.org/hooks",
    "ftp://hooks.example.org/hooks",
    "https://user:pw@hooks.example.org/hooks",
    "http://hooks.example.org/hooks",
]


@pytest.mark.parametrize("url", REFUSED)
def test_internal_credentialled_and_plain_addresses_are_refused_with_a_chinese_message(
    api, dns, url
):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        endpoint_for(api, url).full_clean()

    [message] = refused.value.message_dict["url"]
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message


def test_a_public_https_receiver_is_accepted(api, dns):
    endpoint_for(api, "https://hooks.example.org/firstask").full_clean()


def test_the_operator_allows_networks_on_premises_plain_http_included(api, dns, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]

    endpoint_for(api, "http://10.1.2.3:8080/hooks").full_clean()
    with pytest.raises(ValidationError):
        endpoint_for(api, "http://192.168.1.1/hooks").full_clean()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fd00::1",
        "fe80::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    ],
)
def test_every_kind_of_internal_address_counts_as_internal(address):
    assert egress.is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_do_not(address):
    assert not egress.is_internal(ipaddress.ip_address(address))


def test_the_admin_refuses_an_internal_address_in_chinese_and_saves_nothing(client, api, dns):
    administrator = StaffFactory(
        organisation=api.org.organisation, department=api.org.office, roles=[Role.ADMINISTRATOR]
    )
    client.force_login(administrator.user)

    response = client.post(
        reverse("admin:cases_webhookendpoint_add"),
        {
            "integration": api.hotline.pk,
            "url": "http://169.254.169.254/latest/meta-data/",
            "events": ["registered"],
            "scope": "filed",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "169.254.169.254" in response.content.decode()
    assert "内部地址" in response.content.decode() or "https" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def file_case(client, api):
    number = post_request(client, api).json()[0]["service_request_id"]
    return Case.objects.get(number=number)


def test_a_name_that_turns_internal_after_saving_is_refused_at_delivery(client, api, dns, receiver):
    url = f"https://hooks.example.org:{receiver.port}/hooks"
    endpoint_for(api, url).full_clean()  # public when saved
    hook = WebhookEndpoint.objects.create(
        integration=api.hotline, url=url, events=["registered"], scope=WebhookScope.ALL
    )
    file_case(client, api)
    dns.table["hooks.example.org"] = ["127.0.0.1"]  # DNS rebinding

    drain_webhooks()

    delivery = WebhookDelivery.objects.get(endpoint=hook)
    assert receiver.requests == []
    assert delivery.delivered_at is None
    assert "127.0.0.1" in delivery.message.last_error
    assert delivery.message.attempts == 1


def test_the_connection_goes_to_the_address_that_was_checked(client, api, dns, receiver, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    # The first answer is checked; any later lookup would lead elsewhere.
    dns.table["hooks.example.org"] = [["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]]
    hook = WebhookEndpoint.objects.create(
        integration=api.hotline,
        url=f"http://hooks.example.org:{receiver.port}/hooks",
        events=["registered"],
        scope=WebhookScope.ALL,
    )
    receiver.secret = hook.issued_secret
    file_case(client, api)
    dns.lookups.clear()

    drain_webhooks()

    assert dns.lookups == ["hooks.example.org"]
    [(_path, headers)] = receiver.requests
    assert headers["Host"] == f"hooks.example.org:{receiver.port}"
    assert WebhookDelivery.objects.get(endpoint=hook).delivered_at is not None


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(
    client, api, receiver, settings, monkeypatch
):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # never used either
    with Receiver() as inside:
        receiver.redirect_to = f"http://127.0.0.1:{inside.port}/internal"
        hook = WebhookEndpoint.objects.create(
            integration=api.hotline, url=receiver.url, events=["registered"], scope="all"
        )
        receiver.secret = hook.issued_secret
        file_case(client, api)

        drain_webhooks()

        assert inside.requests == []
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    assert len(receiver.requests) == 1
    assert delivery.delivered_at is None
    assert "HTTP 302" in delivery.message.last_error
    assert "redirects are not followed" in delivery.message.last_error
    assert delivery.message.state == "pending"
