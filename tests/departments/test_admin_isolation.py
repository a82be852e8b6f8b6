"""A user of one organisation never sees, picks or opens another organisation's rows."""

import json

import pytest
from django.urls import reverse

from departments.models import Department
from tests.factories import (
    CalendarOverrideFactory,
    DepartmentFactory,
    DutyRosterFactory,
    ExternalAgencyFactory,
    MatterFactory,
    StaffFactory,
)

FOREIGN_MARK = "城西专属"


@pytest.fixture
def foreign_rows(other_organisation):
    department = DepartmentFactory(organisation=other_organisation, name=f"{FOREIGN_MARK}科")
    staff = StaffFactory(
        organisation=other_organisation, department=department, name=f"{FOREIGN_MARK}员"
    )
    return {
        "organisation": other_organisation,
        "department": department,
        "staff": staff,
        "matter": MatterFactory(
            organisation=other_organisation, department=department, name=f"{FOREIGN_MARK}事项"
        ),
        "externalagency": ExternalAgencyFactory(
            organisation=other_organisation, name=f"{FOREIGN_MARK}外单位"
        ),
        "dutyroster": DutyRosterFactory(staff=staff),
        "calendaroverride": CalendarOverrideFactory(
            organisation=other_organisation, note=FOREIGN_MARK
        ),
    }


@pytest.fixture
def admin_client_a(client, administrator):
    client.force_login(administrator.user)
    return client


MODELS = [
    "organisation",
    "department",
    "staff",
    "matter",
    "externalagency",
    "dutyroster",
    "calendaroverride",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_lists_only_own_organisation(admin_client_a, foreign_rows, model):
    response = admin_client_a.get(reverse(f"admin:departments_{model}_changelist"))

    assert response.status_code == 200
    assert FOREIGN_MARK not in response.text
    assert "城西区政务服务中心" not in response.text


@pytest.mark.parametrize("model", MODELS)
def test_change_page_of_another_organisation_cannot_be_opened_by_url(
    admin_client_a, foreign_rows, model
):
    url = reverse(f"admin:departments_{model}_change", args=[foreign_rows[model].pk])

    response = admin_client_a.get(url, follow=True)

    assert FOREIGN_MARK not in response.text
    assert response.redirect_chain or response.status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_history_of_another_organisation_cannot_be_read(admin_client_a, foreign_rows, model):
    url = reverse(f"admin:departments_{model}_history", args=[foreign_rows[model].pk])

    assert admin_client_a.get(url).status_code == 404


def test_a_historical_version_of_another_organisation_cannot_be_read(admin_client_a, foreign_rows):
    department = foreign_rows["department"]
    version = department.history.latest()
    url = reverse(
        "admin:departments_department_simple_history", args=[department.pk, version.history_id]
    )

    assert admin_client_a.get(url).status_code == 404


def test_history_is_read_only(admin_client_a, department):
    department.name = "改名后的科室"
    department.save()
    first_version = department.history.earliest()
    url = reverse(
        "admin:departments_department_simple_history",
        args=[department.pk, first_version.history_id],
    )

    assert admin_client_a.get(url).status_code == 200
    response = admin_client_a.post(url, {"name": "社会事务科"})

    assert response.status_code == 403
    department.refresh_from_db()
    assert department.name == "改名后的科室"


def test_nonsense_ids_in_admin_urls_give_not_found(admin_client_a):
    assert admin_client_a.get("/admin/departments/department/abc/history/").status_code == 404
    assert admin_client_a.get("/admin/departments/department/1/history/xyz/").status_code == 404


def test_foreign_key_choices_offer_only_own_organisation(admin_client_a, foreign_rows):
    response = admin_client_a.get(reverse("admin:departments_staff_add"))

    assert response.status_code == 200
    assert FOREIGN_MARK not in response.text


def test_autocomplete_offers_only_own_organisation(admin_client_a, foreign_rows, department):
    response = admin_client_a.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "departments",
            "model_name": "staff",
            "field_name": "department",
            "term": "",
        },
    )

    assert response.status_code == 200
    names = {item["text"] for item in json.loads(response.content)["results"]}
    assert department.name in names
    assert not any(FOREIGN_MARK in name for name in names)


def test_related_list_filters_offer_only_own_organisation(admin_client_a, foreign_rows, department):
    DepartmentFactory(organisation=department.organisation, name="第二个科室")

    response = admin_client_a.get(reverse("admin:departments_matter_changelist"))

    assert department.name in response.text
    assert FOREIGN_MARK not in response.text


def test_a_foreign_department_posted_by_hand_is_refused(admin_client_a, foreign_rows):
    response = admin_client_a.post(
        reverse("admin:departments_matter_add"),
        {"department": foreign_rows["department"].pk, "name": "偷偷添加", "is_public": "on"},
    )

    assert response.status_code == 200  # the form comes back with an error
    assert "department" in response.context["adminform"].form.errors


def test_rows_added_in_the_admin_land_in_the_users_organisation(
    admin_client_a, administrator, department
):
    response = admin_client_a.post(
        reverse("admin:departments_department_add"),
        {"name": "新设科室", "sort_order": 0, "is_active": "on"},
    )

    assert response.status_code == 302
    created = Department.objects.get(name="新设科室")
    assert created.organisation == administrator.organisation


def test_the_organisation_field_is_not_offered_to_tenant_users(admin_client_a):
    response = admin_client_a.get(reverse("admin:departments_department_add"))

    assert 'name="organisation"' not in response.text


def test_platform_operator_sees_every_organisation(
    client, foreign_rows, department, django_user_model
):
    operator = django_user_model.objects.create_superuser("platform", password="x")
    client.force_login(operator)

    response = client.get(reverse("admin:departments_department_changelist"))

    assert FOREIGN_MARK in response.text
    assert department.name in response.text


def test_every_admin_page_of_firstask_goes_through_the_scoping_mechanism():
    from django.contrib import admin

    from departments.admin.scoping import OrganisationScopedAdmin

    ours = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("departments", "cases", "penalties")
    }
    unscoped = sorted(
        label
        for label, model_admin in ours.items()
        if not isinstance(model_admin, OrganisationScopedAdmin)
    )

    assert len(ours) >= 15
    assert unscoped == []


def _attach(client, user, department):
    return client.post(
        reverse("admin:departments_staff_add"),
        {
            "user": user.pk,
            "department": department.pk,
            "name": "接管者",
            "position": "科员",
            "rank": 1,
            "badge_number": "X0001",
            "is_active": "on",
            "annual_ratings-TOTAL_FORMS": 0,
            "annual_ratings-INITIAL_FORMS": 0,
        },
    )


def test_an_administrator_cannot_attach_a_superuser_to_their_staff(
    admin_client_a, department, django_user_model
):
    operator = django_user_model.objects.create_superuser("platform", password="x")

    response = _attach(admin_client_a, operator, department)

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    operator.refresh_from_db()
    assert not hasattr(operator, "staff")


def test_an_administrator_cannot_attach_another_organisations_login(
    admin_client_a, department, foreign_rows
):
    foreign_login = foreign_rows["staff"].user

    response = _attach(admin_client_a, foreign_login, department)

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors


def test_an_administrator_attaches_an_unattached_ordinary_login(
    admin_client_a, administrator, department, django_user_model
):
    login = django_user_model.objects.create_user("newcomer", password="x")

    response = _attach(admin_client_a, login, department)

    assert response.status_code == 302
    login.refresh_from_db()
    assert login.staff.organisation == administrator.organisation


def test_the_login_choices_never_include_superusers(admin_client_a, django_user_model):
    from departments.admin import manageable_logins

    operator = django_user_model.objects.create_superuser("platform", password="x")
    administrator = admin_client_a.session["_auth_user_id"]
    user = django_user_model.objects.get(pk=administrator)

    assert operator not in manageable_logins(user)
    assert user in manageable_logins(user)
