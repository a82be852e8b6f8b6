"""Assessments in the admin: supervisors compute and lock, administrators set the weights,
auditors read; every page stays inside the organisation."""

import pytest
from django.urls import reverse

from firstask.outbox import drain
from penalties.models import AssessmentPeriod, AssessmentSettings

from .metrics_data import build_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


def assess(client, period):
    """Ask for a period's assessment in the admin, then let the worker compute it."""
    response = client.post(reverse("admin:penalties_assessmentperiod_assess"), {"period": period})
    drain()
    return response


def test_a_supervisor_computes_a_period_from_the_admin(client, people, quarter):
    client.force_login(people.supervisor.user)
    url = reverse("admin:penalties_assessmentperiod_assess")

    assert (
        url in client.get(reverse("admin:penalties_assessmentperiod_changelist")).content.decode()
    )
    response = client.post(url, {"period": "2026Q2"}, follow=True)

    assert "正在后台计算" in response.content.decode()
    assert not AssessmentPeriod.objects.exists()  # the worker computes it
    drain()
    run = AssessmentPeriod.objects.get(organisation=people.organisation, label="2026Q2")
    assert run.computed_by == people.supervisor
    assert run.rows.filter(staff__isnull=True).count() == 3
    page = client.get(reverse("admin:penalties_assessmentperiod_change", args=[run.pk]))
    assert "民政科" in page.content.decode()
    assert reverse("reports:notice", args=["2026Q2"]) in page.content.decode()


@pytest.mark.parametrize("period", ["2026Q5", "=1+1", "2026-13", "x" * 20, "Q2 2026"])
def test_a_bad_period_is_refused_with_a_message(client, people, period):
    client.force_login(people.supervisor.user)

    response = client.post(reverse("admin:penalties_assessmentperiod_assess"), {"period": period})

    assert response.status_code == 200
    assert not AssessmentPeriod.objects.exists()
    assert "errorlist" in response.content.decode()


def test_a_supervisor_locks_a_closed_quarter_from_the_admin(client, people, quarter):
    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")
    run = AssessmentPeriod.objects.get(label="2026Q2")

    client.post(reverse("admin:penalties_assessmentperiod_lock", args=[run.pk]))
    again = assess(client, "2026Q2")

    run.refresh_from_db()
    assert run.is_locked
    assert "已锁定" in again.content.decode()


def test_auditors_read_assessments_but_neither_compute_nor_lock(client, people, quarter):
    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")
    run = AssessmentPeriod.objects.get(label="2026Q2")
    client.force_login(people.auditor.user)

    assert client.get(reverse("admin:penalties_assessment_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:penalties_assessmentperiod_change", args=[run.pk])).status_code
        == 200
    )
    assert (
        client.post(
            reverse("admin:penalties_assessmentperiod_assess"), {"period": "2026Q1"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("admin:penalties_assessmentperiod_lock", args=[run.pk])).status_code
        == 404
    )
    run.refresh_from_db()
    assert not run.is_locked


def test_another_organisation_sees_none_of_the_assessments(
    client, people, quarter, other_administrator
):
    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")
    run = AssessmentPeriod.objects.get(label="2026Q2")
    client.force_login(other_administrator.user)

    listing = client.get(reverse("admin:penalties_assessment_changelist")).content.decode()

    assert "社会事务科" not in listing
    assert client.get(
        reverse("admin:penalties_assessmentperiod_change", args=[run.pk])
    ).status_code in (302, 404)


def test_an_administrator_sets_the_weights_and_the_formula(client, people):
    client.force_login(people.administrator.user)
    url = reverse("admin:penalties_assessmentsettings_add")

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "satisfaction_formula": "two_levels",
            "minimum_volume": 3,
            "bottom_count": 2,
            "weight_on_time_forward": 10,
            "weight_on_time_sign_for": 10,
            "weight_on_time_resolution": 30,
            "weight_resolution": 10,
            "weight_callback": 10,
            "weight_satisfaction": 20,
            "weight_return": 5,
            "weight_redo": 5,
            "points_per_violation": "3",
            "points_per_commendation": "0.5",
        },
    )

    assert response.status_code == 302
    saved = AssessmentSettings.objects.get()
    assert (
        saved.organisation,
        saved.satisfaction_formula,
        saved.weight_on_time_resolution,
        saved.minimum_volume,
    ) == (people.organisation, "two_levels", 30, 3)
    change = reverse("admin:penalties_assessmentsettings_change", args=[saved.pk])
    assert client.get(change).status_code == 200
    client.force_login(people.supervisor.user)
    assert client.get(change).status_code == 200  # supervisors read them
    assert client.post(change, {"bottom_count": 9}).status_code == 403


def test_assessments_export_with_rates_as_numbers(client, people, quarter):
    from django.utils import translation

    from tests.exports import export, header_row, sheet_rows

    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")

    with translation.override("zh-hans"):
        response = export(client, "penalties_assessment", query="period__kind__exact=quarter")
    book, rows = sheet_rows(response.content)
    header = rows[0]
    assert {"名次", "部门", "得分"} <= set(header)
    assert len(rows) > 1
    # A subject with nothing to measure has no score (an empty cell), never 100.
    scores = [row[header.index("得分")] for row in rows[1:]]
    assert None in scores
    assert [s for s in scores if s is not None]
    assert all(isinstance(s, int | float) for s in scores if s is not None)
    sheet = book.active
    rates = [
        sheet.cell(row, column + 1)
        for row in range(header_row(sheet) + 1, sheet.max_row + 1)
        for column, name in enumerate(header)
        if name.endswith("率（%）")
    ]
    assert len(rates) == 8 * (len(rows) - 1)
    assert all(cell.data_type == "n" for cell in rates)
    measured = [cell for cell in rates if cell.value is not None]
    assert measured and all(cell.number_format == "0.00%" for cell in measured)
    assert all(0 <= cell.value <= 1 for cell in measured)  # 87.5 % is stored as 0.875


def test_a_period_locked_while_its_computing_waited_keeps_its_published_ranking(
    client, people, quarter
):
    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")
    run = AssessmentPeriod.objects.get(label="2026Q2")
    computed = run.computed_at
    client.post(reverse("admin:penalties_assessmentperiod_assess"), {"period": "2026Q2"})

    client.post(reverse("admin:penalties_assessmentperiod_lock", args=[run.pk]))
    delivered = drain()

    run.refresh_from_db()
    assert run.is_locked
    assert run.computed_at == computed
    assert (delivered.sent, delivered.failed) == (1, 0)  # refused quietly, not retried


def test_a_period_shows_its_last_day_not_the_day_after_it(client, people, quarter):
    client.force_login(people.supervisor.user)
    assess(client, "2026Q2")
    run = AssessmentPeriod.objects.get(organisation=people.organisation, label="2026Q2")

    page = client.get(reverse("admin:penalties_assessmentperiod_change", args=[run.pk]))
    listing = client.get(reverse("admin:penalties_assessmentperiod_changelist"))

    text = page.content.decode()
    assert "2026年6月30日" in text
    assert "2026年7月1日" not in text and "不含" not in text
    assert "2026年6月30日" in listing.content.decode()
