"""The periodic tasks are the platform operator's: an organisation's administrator neither
sees nor changes them (nor their schedules), and switches its own part in each sweep on its
organisation page instead."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from departments.models import Organisation

pytestmark = pytest.mark.django_db

BEAT_MODELS = (
    "periodictask",
    "intervalschedule",
    "crontabschedule",
    "clockedschedule",
    "solarschedule",
)


@pytest.fixture
def operator_client(django_user_model):
    """The platform operator (a superuser), in a client of its own."""
    operator = django_user_model.objects.create_superuser("operator", "op@example.cn", "x")
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def sweep_task():
    return PeriodicTask.objects.get(task="cases.tasks.sweep_deadlines")


def form_data(response):
    """What the change form would send back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets"):  # a split date and time
            for i, part in enumerate(widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


def test_an_organisations_administrator_has_no_periodic_tasks_in_the_admin(
    client, administrator, sweep_task
):
    client.force_login(administrator.user)

    index = client.get(reverse("admin:index")).content.decode()

    for model in BEAT_MODELS:
        assert reverse(f"admin:django_celery_beat_{model}_changelist") not in index
        assert client.get(reverse(f"admin:django_celery_beat_{model}_changelist")).status_code in (
            403,
            404,
        )
    change = reverse("admin:django_celery_beat_periodictask_change", args=[sweep_task.pk])
    assert client.get(change).status_code == 403


def test_an_organisations_administrator_cannot_rewrite_a_task_by_posting(
    client, operator_client, administrator, sweep_task
):
    change = reverse("admin:django_celery_beat_periodictask_change", args=[sweep_task.pk])
    data = form_data(operator_client.get(change))
    data.update(task="foo.bar", regtask="", args='["x"]')
    client.force_login(administrator.user)

    response = client.post(change, data)

    assert response.status_code == 403
    sweep_task.refresh_from_db()
    assert (sweep_task.task, sweep_task.args) == ("cases.tasks.sweep_deadlines", "[]")


def test_the_administrator_role_holds_no_permission_on_the_schedule(administrator):
    user = administrator.user

    assert not [
        perm for perm in user.get_all_permissions() if perm.startswith("django_celery_beat.")
    ]


def test_the_platform_operator_edits_a_periodic_task(operator_client, sweep_task):
    change = reverse("admin:django_celery_beat_periodictask_change", args=[sweep_task.pk])
    data = form_data(operator_client.get(change))
    data.pop("enabled", None)  # switched off

    response = operator_client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    sweep_task.refresh_from_db()
    assert sweep_task.enabled is False


def test_an_administrator_switches_the_organisations_sweeps_on_its_page(
    client, administrator, organisation
):
    client.force_login(administrator.user)
    change = reverse("admin:departments_organisation_change", args=[organisation.pk])
    page = client.get(change)
    data = form_data(page)
    data.pop("runs_deadline_sweep")
    data.pop("runs_assessments")

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert (
        organisation.runs_deadline_sweep,
        organisation.runs_accountability_sweep,
        organisation.runs_assessments,
    ) == (False, True, False)


def test_the_operator_reads_every_task_and_schedule_in_chinese(operator_client, chinese):
    cleanup = CrontabSchedule.objects.create(minute="0", hour="4", timezone="Asia/Shanghai")
    PeriodicTask.objects.create(
        name="celery.backend_cleanup", task="celery.backend_cleanup", crontab=cleanup
    )

    page = operator_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))

    assert "时限巡检（办理时限）" in text
    assert "每分钟" in text and "每 分钟" not in text
    assert "每 10 秒" in text
    assert "04:00" in text
    assert "celery.backend_cleanup" not in text and "(m/h/dM/MY/d)" not in text
    assert "Celery" in text  # the clean-up says where it comes from
    # The yes/no icons' text (for screen readers) is a word, not Python's True/False.
    assert 'alt="True"' not in page.text and 'alt="False"' not in page.text
    assert 'alt="是"' in page.text
    task = PeriodicTask.objects.get(task="celery.backend_cleanup")
    form = operator_client.get(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    ).text
    assert "04:00" in form and "At 04:00" not in form


def test_the_task_form_offers_the_schedules_by_their_readable_names(
    operator_client, sweep_task, chinese
):
    page = operator_client.get(
        reverse("admin:django_celery_beat_periodictask_change", args=[sweep_task.pk])
    )

    choices = [label for _value, label in page.context["adminform"].form.fields["interval"].choices]
    assert "每分钟" in choices
    assert "每 分钟" not in choices
