"""Published notices in the admin: listed read-only for supervisors, auditors and
administrators, never edited there; administrators set how the notices are headed."""

import pytest
from django.urls import reverse

from penalties import services
from penalties.models import NoticeSettings
from penalties.periods import parse_period

from .metrics_data import NOW, build_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(people, preset):
    build_quarter(people, preset)
    period = parse_period("2026Q2")
    services.assess_period(organisation=people.organisation, period=period, now=NOW)
    return services.notice_publish(
        by=people.supervisor.user, organisation=people.organisation, period=period, now=NOW
    )


@pytest.mark.parametrize("who", ["supervisor", "auditor", "administrator"])
def test_published_notices_are_listed_read_only(client, people, notice, who):
    client.force_login(getattr(people, who).user)

    listing = client.get(reverse("admin:penalties_notice_changelist"))
    page = client.get(reverse("admin:penalties_notice_change", args=[notice.pk]))
    posted = client.post(
        reverse("admin:penalties_notice_change", args=[notice.pk]), {"title": "改"}
    )

    assert listing.status_code == 200 and "CD〔2026〕1号" in listing.content.decode()
    assert reverse("reports:notice", args=["2026Q2"]) in page.content.decode()
    assert client.get(reverse("admin:penalties_notice_add")).status_code == 403
    assert posted.status_code == 403
    notice.refresh_from_db()
    assert notice.title == "关于2026年第2季度首问责任制落实情况的通报"


@pytest.mark.parametrize("who", ["clerk", "head"])
def test_clerks_and_heads_do_not_see_the_published_notices(client, people, notice, who):
    client.force_login(getattr(people, who).user)

    assert client.get(reverse("admin:penalties_notice_changelist")).status_code in (302, 403)


def test_an_administrator_sets_how_the_notices_are_headed(client, people):
    client.force_login(people.administrator.user)

    response = client.post(
        reverse("admin:penalties_noticesettings_add"),
        {
            "issuer": "城东区政务服务中心文件",
            "abbreviation": "城政服",
            "recipients": "各科室",
            "copy_to": "区纪委监委",
            "printer": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    settings = NoticeSettings.objects.get()
    assert (settings.organisation, settings.abbreviation) == (people.organisation, "城政服")
