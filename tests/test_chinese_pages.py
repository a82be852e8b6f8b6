"""No English left on Chinese pages: the periodic tasks, the admin's screen-reader headers;
print keys readable on the receipt's buttons; short Chinese buttons never wrap."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cases.timelimits.schedule import PERIODIC_TASKS

pytestmark = pytest.mark.django_db
SITE_CSS = Path(settings.BASE_DIR) / "static" / "firstask" / "site.css"


def test_the_periodic_tasks_are_named_in_chinese():
    from django_celery_beat.models import PeriodicTask

    names = set(PeriodicTask.objects.values_list("name", flat=True))

    with translation.override("zh-hans"):
        expected = {translation.gettext(name) for name in PERIODIC_TASKS}
    assert names == expected
    assert not any(re.fullmatch(r"[\x00-\x7f]+", name) for name in names)


@pytest.mark.parametrize(
    "english",
    ["Model name", "Add link", "Change or view list link", "Execution Options", "Error:"],
)
def test_third_party_strings_are_in_our_catalogue(english):
    with translation.override("zh-hans"):
        assert translation.gettext(english) != english


def test_the_periodic_task_list_has_no_english_headers(admin_client):
    response = admin_client.get(
        reverse("admin:django_celery_beat_periodictask_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    html = response.content.decode()
    assert response.status_code == 200
    for english in ("Scheduler", "Task Name", "By task name"):
        assert english not in html, english


def test_the_admin_index_screen_reader_headers_are_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "Model name" not in response.content.decode()


def test_print_keys_on_buttons_take_the_buttons_colour():
    css = SITE_CSS.read_text()

    rule = re.search(r"button kbd, \.button kbd \{([^}]*)\}", css)
    assert rule and "color: inherit" in rule.group(1) and "background: transparent" in rule.group(1)


def test_buttons_never_wrap():
    css = SITE_CSS.read_text()

    rule = re.search(r"\nbutton, \.button \{([^}]*)\}", css)
    assert rule and "white-space: nowrap" in rule.group(1)
    admin = (Path(settings.BASE_DIR) / "templates" / "admin" / "base_site.html").read_text()
    assert "white-space: nowrap" in admin
