"""The back office greets a person by name, as written."""

import pytest
from django.urls import reverse

from departments.roles import Role
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_the_admin_greets_the_staff_member_by_name_not_by_login(client, organisation):
    supervisor = StaffFactory(organisation=organisation, name="赵雪梅", roles=[Role.SUPERVISOR])
    supervisor.user.is_staff = True
    supervisor.user.save()
    client.force_login(supervisor.user)

    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '欢迎，<strong class="person-name">赵雪梅</strong>。' in page
    assert supervisor.user.username.upper() not in page
