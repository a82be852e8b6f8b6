"""The read-access log of personal data: every page, list and export that shows a case's
person in clear writes who saw which case's person and when; masked views, the receipt
and the Open311 answers (which show no person) write nothing."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.choices import Kind
from cases.models import AccessPlace, PersonalDataAccess
from tests.exports import export
from tests.factories import DepartmentFactory, OrganisationFactory, StaffFactory


@pytest.fixture
def as_user(client):
    def login(staff):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        return client

    return login


@pytest.fixture
def case(register):
    return register(person={"name": "市民甲", "phone": "13800000001", "address": "东街1号"})


@pytest.fixture
def report(register):
    case = register(kind=Kind.REPORT, person={"name": "举报人丁", "phone": "13522223333"})
    assert case.is_confidential
    return case


def rows(**filters):
    return list(PersonalDataAccess.objects.filter(**filters).order_by("id"))


def test_the_staff_case_page_logs_who_saw_the_person(org, case, client):
    client.force_login(org.clerk.user)

    page = client.get(reverse("cases:case", args=[case.pk]))

    assert "市民甲" in page.content.decode()
    [row] = rows()
    assert (row.case, row.viewer, row.place) == (case, org.clerk.user, AccessPlace.STAFF_CASE)
    assert row.organisation == org.organisation and row.viewer_name == org.clerk.user.username


def test_a_masked_case_page_logs_nothing(org, report, client):
    client.force_login(org.clerk.user)

    page = client.get(reverse("cases:case", args=[report.pk]))

    assert page.status_code == 200 and "举报人丁" not in page.content.decode()
    assert rows() == []


def test_the_staff_list_logs_each_case_shown_in_clear_with_one_insert(
    org, case, report, register, client
):
    other = register(person={"name": "市民乙", "phone": "13800000002"})
    client.force_login(org.clerk.user)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:my_cases") + "?tab=all")

    assert page.status_code == 200
    assert {row.case for row in rows(place=AccessPlace.STAFF_LIST)} == {case, other}
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "cases_personaldataaccess"')]
    assert len(inserts) == 1


def test_the_admin_case_page_logs_and_a_supervisor_sees_a_reporter(org, report, as_user):
    page = as_user(org.supervisor).get(reverse("admin:cases_case_change", args=[report.pk]))

    assert "举报人丁" in page.content.decode()
    [row] = rows()
    assert (row.case, row.place) == (report, AccessPlace.ADMIN_CASE)


def test_the_admin_case_page_masked_for_a_clerk_logs_nothing(org, report, as_user):
    page = as_user(org.clerk).get(reverse("admin:cases_case_change", args=[report.pk]))

    assert page.status_code == 200 and "举报人丁" not in page.content.decode()
    assert rows() == []


def test_the_admin_case_list_logs_the_rows_of_its_page(org, case, report, as_user):
    page = as_user(org.clerk).get(reverse("admin:cases_case_changelist"))

    assert page.status_code == 200
    assert [row.case for row in rows(place=AccessPlace.ADMIN_LIST)] == [case]


def test_a_historical_version_logs(org, case, as_user):
    version = case.history.earliest()
    url = reverse("admin:cases_case_simple_history", args=[case.pk, version.history_id])

    assert as_user(org.supervisor).get(url).status_code == 200
    assert [row.place for row in rows()] == [AccessPlace.ADMIN_HISTORY]


def test_an_export_writes_one_row_with_the_count_and_the_filters(org, case, register, as_user):
    register(person={"name": "市民乙", "phone": "13800000002"})
    client = as_user(org.supervisor)

    response = export(client, "cases_case", query="kind__exact=application")

    assert response.status_code == 200
    [row] = rows()
    assert (row.place, row.case, row.cases_count) == (AccessPlace.EXPORT, None, 2)
    assert row.filters == "kind__exact=application"


def test_an_export_of_masked_cases_only_logs_nothing(org, report, as_user):
    response = export(as_user(org.clerk), "cases_case", query="kind__exact=report")

    assert response.status_code == 200
    assert rows() == []


def test_an_export_without_person_columns_logs_nothing(org, case, as_user):
    export(as_user(org.supervisor), "cases_case", columns=["number", "state"])

    assert rows() == []


def test_the_receipt_shows_no_person_and_logs_nothing(org, case, client):
    client.force_login(org.clerk.user)

    page = client.get(reverse("cases:receipt", args=[case.pk]))
    pdf = client.get(reverse("cases:receipt_pdf", args=[case.pk]))

    assert page.status_code == 200 and pdf.status_code == 200
    assert "市民甲" not in page.content.decode() and "13800000001" not in page.content.decode()
    assert rows() == []


def test_open311_answers_show_no_person_and_log_nothing(org, case, client):
    code = org.organisation.code
    one = client.get(f"/open311/v2/requests/{case.number}.json?jurisdiction_id={code}")
    many = client.get(f"/open311/v2/requests.json?jurisdiction_id={code}")

    for response in (one, many):
        assert response.status_code == 200
        assert "市民甲" not in response.content.decode()
        assert "13800000001" not in response.content.decode()
    assert rows() == []


def test_auditors_search_the_log_of_their_organisation_only(org, case, client, as_user):
    client.force_login(org.clerk.user)
    client.get(reverse("cases:case", args=[case.pk]))
    elsewhere = OrganisationFactory(code="XX")
    stranger = StaffFactory(
        organisation=elsewhere, department=DepartmentFactory(organisation=elsewhere)
    )
    PersonalDataAccess.objects.create(
        organisation=elsewhere,
        place=AccessPlace.EXPORT,
        viewer=stranger.user,
        viewer_name="stranger-viewer",
    )
    client.logout()

    page = as_user(org.auditor).get(
        reverse("admin:cases_personaldataaccess_changelist") + f"?q={case.number}"
    )

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == rows(organisation=org.organisation)
    assert "stranger-viewer" not in page.content.decode()


def test_the_log_refuses_changes_through_the_orm(org, case, client):
    client.force_login(org.clerk.user)
    client.get(reverse("cases:case", args=[case.pk]))
    [row] = rows()

    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


@pytest.mark.postgres
def test_the_database_refuses_updates_and_deletes_of_the_log(org, case, client):
    client.force_login(org.clerk.user)
    client.get(reverse("cases:case", args=[case.pk]))
    [row] = rows()
    table = PersonalDataAccess._meta.db_table

    for sql in (
        f"UPDATE {table} SET viewer_name = 'someone' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert rows()[0].viewer_name == org.clerk.user.username
