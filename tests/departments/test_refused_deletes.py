import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from departments.models import Department, Staff
from tests.factories import MatterFactory, StaffFactory


def test_deleting_a_department_with_staff_is_refused_with_advice_to_deactivate(
    client, administrator, department
):
    client.force_login(administrator.user)

    response = client.post(
        reverse("admin:departments_department_delete", args=[department.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert Department.objects.filter(pk=department.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("停用" in m for m in messages), messages


def test_bulk_delete_of_referenced_departments_is_refused(client, administrator, department):
    client.force_login(administrator.user)

    client.post(
        reverse("admin:departments_department_changelist"),
        {"action": "delete_selected", "_selected_action": [department.pk], "post": "yes"},
    )

    assert Department.objects.filter(pk=department.pk).exists()


def test_an_unreferenced_department_can_be_deleted(client, administrator, organisation):
    empty = Department.objects.create(organisation=organisation, name="空科室")
    client.force_login(administrator.user)

    client.post(reverse("admin:departments_department_delete", args=[empty.pk]), {"post": "yes"})

    assert not Department.objects.filter(pk=empty.pk).exists()


@pytest.mark.django_db
def test_deleting_staff_that_are_on_a_duty_list_department_is_refused_in_code(organisation):
    staff = StaffFactory(organisation=organisation)
    MatterFactory(organisation=organisation, department=staff.department)

    with pytest.raises(ProtectedError):
        staff.department.delete()
    with pytest.raises(ProtectedError):
        staff.organisation.delete()
    assert Staff.objects.filter(pk=staff.pk).exists()
