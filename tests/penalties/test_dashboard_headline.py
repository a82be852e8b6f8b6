"""The dashboard's headline figures, worked out by hand on the quarter of metrics_data.

At NOW (1 July 2026, noon) the quarter 2026Q2 holds, merged duplicate left out:
registered c1 c2 c3 c6 c7 (c4 was registered on 31 March, in Q1); resolved by now c1 c2;
resolution stages k1 (on time), k3 and k7 (late); c3's forwarding stage open and overdue
since 7 May; reached callbacks rated very satisfied, basically satisfied, dissatisfied.
"""

import re

import pytest
from django.urls import reverse

from penalties import services
from penalties.models import Assessment
from penalties.periods import parse_period

from .metrics_data import NOW, at, case, clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_july")]


def figures(client, **query):
    page = client.get(reverse("reports:dashboard"), query)
    assert page.status_code == 200
    return {f.slug: (f.shown, f.change_line) for f in page.context["figures"]}, page


def test_the_quarter_against_the_previous_quarter(client, people, quarter):
    client.force_login(people.supervisor.user)

    found, page = figures(client, period="2026Q2")

    # Q1 had c4 only: registered, and called back by now (100 %); nothing timed or rated
    # ended in Q1 (c4's resolution stage ended on 1 April), so those rates are not compared.
    assert found == {
        "registered": ("5", "较上季度 ▲ 4"),
        "resolution": ("40.00%", "较上季度 ▼ 60.00 个百分点"),
        "on-time": ("33.33%", "较上季度：无可比数据"),
        "satisfaction": ("66.67%", "较上季度：无可比数据"),
        # Overdue now: c3's forwarding stage (the duplicate waits with c3). Late in the
        # quarter: k3, k7 and c3's forwarding stage; none in Q1.
        "overdue": ("1", "本期超期环节 3 个，较上季度 ▲ 3"),
    }
    text = page.content.decode()
    assert "已办结 2 / 5 件" in text
    assert "按时办结 1 / 3 件" in text


def test_a_month_with_nothing_to_measure_shows_a_dash_and_no_change(client, people, quarter):
    client.force_login(people.supervisor.user)

    found, page = figures(client, period="2026-05")

    # May: c3 registered (not resolved); no resolution stage ended or fell due, nothing
    # rated. April: c1 c2 c7 registered, c1 c2 resolved; k1 on time, k3 k7 late.
    assert found == {
        "registered": ("1", "较上月 ▼ 2"),
        "resolution": ("0.00%", "较上月 ▼ 66.67 个百分点"),
        "on-time": ("—", ""),
        "satisfaction": ("—", ""),
        "overdue": ("1", "本期超期环节 1 个，较上月 ▼ 1"),
    }
    text = page.content.decode()
    headline = text[text.index('id="headline"') : text.index('class="dashboard-grid"')]
    assert "100.00%" not in headline
    assert headline.count("本期无可统计数据。") == 2


def test_the_department_filter_narrows_the_figures(client, people, quarter):
    client.force_login(people.supervisor.user)

    found, page = figures(client, period="2026Q2", department=people.civil.pk)

    # 民政科 registered c6 and c7 itself and holds c2 c6 c7 (c2 resolved); its stages: the
    # sign-for of c2 (on time) and its late resolution; c7 was rated dissatisfied.
    assert found == {
        "registered": ("2", "较上季度 ▲ 2"),
        "resolution": ("33.33%", "较上季度：无可比数据"),
        "on-time": ("0.00%", "较上季度：无可比数据"),
        "satisfaction": ("0.00%", "较上季度：无可比数据"),
        "overdue": ("0", "本期超期环节 1 个，较上季度 ▲ 1"),
    }
    assert "本部门人员首问登记的工单，并单只计一次。" in page.content.decode()


def test_the_merged_case_is_counted_once_with_a_note(client, people, quarter):
    client.force_login(people.supervisor.user)

    found, page = figures(client, period="2026Q2")

    # Six rows registered in Q2: five cases and the duplicate merged into c3.
    assert found["registered"][0] == "5"
    text = page.content.decode()
    assert "另有 1 件已并单，不重复计数。" in text
    states = text[text.index('id="chart-states"') : text.index('id="chart-overdue"')]
    assert sum(int(n) for n in _cells(states)) == 5


def test_no_merged_note_when_nothing_was_merged(client, people, quarter):
    client.force_login(people.supervisor.user)

    _found, page = figures(client, period="2026-04")

    assert "已并单" not in page.content.decode()


def test_an_assessed_period_shows_the_assessment_numbers(client, people, quarter):
    services.assess_period(organisation=people.organisation, period=parse_period("2026Q2"), now=NOW)
    # Registered after the assessment ran: the published numbers do not move.
    case(people, first=people.clerk, held_by=people.social, registered=at(6, 1))
    client.force_login(people.supervisor.user)

    found, _page = figures(client, period="2026Q2")

    rows = Assessment.objects.filter(period__label="2026Q2", staff__isnull=True)
    assert found["registered"][0] == str(sum(row.registered for row in rows)) == "5"
    civil = rows.get(department=people.civil)
    found, _page = figures(client, period="2026Q2", department=people.civil.pk)
    assert found["resolution"][0] == f"{civil.resolution_rate}%" == "33.33%"


def test_a_late_callback_of_a_resolved_case_is_not_overdue_work(client, people, quarter):
    # c2 (民政科) was resolved on 12 April; its callback was due on 14 April and is
    # still not done.
    clock(quarter.c2, "callback", people.civil, people.clerk, due=at(4, 14, 17, 30))
    client.force_login(people.supervisor.user)

    found, page = figures(client, period="2026Q2")

    assert found["overdue"][0] == "1"  # c3's forwarding stage only
    text = page.content.decode()
    overdue = text[text.index('id="chart-overdue"') : text.index('id="chart-violations"')]
    assert "民政科" not in overdue
    assert '<th scope="row">社会事务科</th><td>1</td>' in overdue
    assert "不含已办结但回访超期的工单 1 件。" in overdue
    assert "另有已办结工单回访超期 1 件（不计入超期）。" in text


def _cells(html):
    return re.findall(r"<td>(\d+)</td>", html)
