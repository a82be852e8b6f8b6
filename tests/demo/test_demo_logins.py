"""Every demo login can be found: load_demo lists all of them per department, staff have mail
addresses (so the mail the worker prints is real), the login page offers them in DEBUG, and
the periodic tasks are the platform operator's, as the README says."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from demo.data_staff import DEFAULT_PASSWORD, STAFF
from demo.logins import HEADERS, format_staff_logins, format_table
from departments.models import Organisation, Staff

# One xdist worker builds the demo once for all of these (bin/test: --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_logins")]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_load_demo_prints_every_demo_login_per_department_and_the_shared_password():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()

    for row in STAFF:
        line = next(line for line in output.splitlines() if line.split()[:1] == [row.username])
        assert row.name in line, row.username
    assert f"share the password {DEFAULT_PASSWORD}" in output
    assert "办公室" in output and "首问接待处" in output


def test_every_demo_staff_member_has_a_mail_address(demo_world):
    missing = Staff.objects.filter(user__email="").values_list("user__username", flat=True)

    assert list(missing) == []


def test_the_login_page_offers_the_demo_logins_in_debug(client, settings, demo_world):
    settings.DEBUG = True

    response = client.get(reverse("login"))

    html = response.content.decode()
    assert 'id="demo-logins"' in html
    for username in ("clerk", "handler", "head", "supervisor", "auditor", "admin"):
        assert f'data-username="{username}"' in html
    assert "platform · platform" not in html
    assert "platform · 平台运维（超级用户）" in html


def test_the_login_page_offers_no_demo_logins_without_debug(client, settings, demo_world):
    settings.DEBUG = False

    response = client.get(reverse("login"))

    assert 'id="demo-logins"' not in response.content.decode()


def test_the_platform_operator_and_not_the_administrator_sees_the_periodic_tasks(
    client, demo_world
):
    from django_celery_beat.models import PeriodicTask

    listing_url = reverse("admin:django_celery_beat_periodictask_changelist")
    task = PeriodicTask.objects.first()
    change_url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])

    client.force_login(demo_world["admin"])
    admin_index = client.get(reverse("admin:index")).content.decode()
    admin_change = client.get(change_url)
    client.force_login(demo_world["platform"])
    index = client.get(reverse("admin:index")).content.decode()
    listing = client.get(listing_url)
    change = client.get(change_url)

    assert listing_url not in admin_index and admin_change.status_code == 403
    assert listing_url in index
    assert listing.status_code == 200
    assert change.status_code == 200


def test_load_demo_prints_the_authenticator_secret_of_the_roles_with_two_factor():
    from demo.data_staff import DEMO_TOTP_SECRET

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert DEMO_TOTP_SECRET in out.getvalue()


def test_a_demo_supervisor_logs_in_with_the_published_authenticator(client, settings, demo_world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_factor import current_code, login_without_second_factor

    settings.DEBUG = True
    supervisor = Staff.objects.get(user__username="supervisor").user
    login_without_second_factor(client, supervisor)
    page = client.get(reverse("two_factor_verify"))
    device = TOTPDevice.objects.get(user=supervisor, confirmed=True)

    assert 'id="demo-code"' in page.content.decode()
    assert current_code(device) in page.content.decode()
    answer = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert answer.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_demo_login_tables_speak_the_active_language(demo_world):
    with translation.override("zh-hans"):
        output = format_staff_logins(Organisation.objects.get(code="WW"), DEFAULT_PASSWORD)
        header = format_table([], HEADERS).splitlines()[0].split()

    assert header == ["登录名", "密码", "角色", "姓名", "部门"]
    assert re.search(r"登录名 +姓名 +职务 +角色", output)
    assert "部门负责人" in output and "首问责任人（登记员）" in output
    assert "department_head" not in output
    assert not any(line.endswith((" clerk", " handler")) for line in output.splitlines())
