"""An organisation whose integrating system has several webhook endpoints at one receiver
(all with the secret SECRET), and its cases; used in-process and by the fault test's
subprocesses (``register_case`` by organisation code)."""

from cases import services
from cases.choices import Channel, Kind
from cases.models import Integration
from cases.models.webhook import WebhookEndpoint, WebhookScope
from departments.models import Matter, Staff
from firstask.sealed import seal
from tests.factories import DepartmentFactory, MatterFactory, StaffFactory

SECRET = "the-receivers-secret"


def organisation_with_webhooks(organisation, url, count):
    desk = DepartmentFactory(organisation=organisation, name="受理台")
    clerk = StaffFactory(organisation=organisation, department=desk)
    MatterFactory(organisation=organisation, department=desk, is_public=True)
    system = Integration.objects.create(organisation=organisation, name="热线", registrar=clerk)
    for n in range(count):
        WebhookEndpoint.objects.create(
            integration=system,
            url=f"{url}/{n}",
            events=["registered"],
            scope=WebhookScope.ALL,
            secret_sealed=seal(SECRET),
        )


def register_case(code):
    """One case of the organisation: one delivery per endpoint."""
    return services.case_register(
        by=Staff.objects.filter(organisation__code=code).first().user,
        channel=Channel.PHONE,
        kind=Kind.APPLICATION,
        matter_text="咨询",
        matter=Matter.objects.filter(organisation__code=code).first(),
        person={"name": "市民乙"},
    )
