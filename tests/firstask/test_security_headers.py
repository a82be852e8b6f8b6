"""Every page carries a Content-Security-Policy that its own HTML keeps (no inline script,
no event-handler attributes), and nothing a logged-in person sees is kept in a cache."""

import re

import pytest
from django.urls import reverse

from cases import selectors
from cases.models import Case
from departments.models import Organisation
from tests.exports import export

# One xdist worker builds the demo once for all of these (bin/test: --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("security_headers")]

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
DATA_TYPES = ('type="application/json"', "type='application/json'")


def inline_scripts(html):
    """Script the policy would refuse: inline <script> bodies, on*= attributes, javascript:."""
    found = [
        body.strip()[:80]
        for attributes, body in SCRIPT.findall(html)
        if "src=" not in attributes and not any(t in attributes for t in DATA_TYPES)
    ]
    found += HANDLER.findall(html)
    found += re.findall(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", html, re.I)
    return found


def policy(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def assert_keeps_the_policy(response):
    assert response.status_code == 200, response.status_code
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert inline_scripts(response.content.decode()) == []


def public_urls(code):
    return [
        reverse("public:organisations"),
        reverse("public:home", args=[code]),
        reverse("public:lookup", args=[code]),
        reverse("public:directory", args=[code]),
        reverse("public:on_duty", args=[code]),
        reverse("public:complaint", args=[code]),
    ]


@pytest.fixture
def demo_code(demo_world):
    return Organisation.objects.order_by("pk").first().code


def test_public_pages_and_the_login_page_keep_the_policy(client, settings, demo_code):
    settings.DEBUG = True  # the login page then offers the demo logins (their script)

    for url in [*public_urls(demo_code), reverse("login")]:
        assert_keeps_the_policy(client.get(url))


def test_the_staff_desk_keeps_the_policy(client, demo_world):
    client.force_login(demo_world["clerk"])
    case = selectors.visible_cases(demo_world["clerk"]).order_by("pk").first()

    for url in [
        reverse("cases:my_cases"),
        reverse("cases:intake"),
        reverse("cases:case", args=[case.pk]),
        reverse("cases:receipt", args=[case.pk]),
    ]:
        assert_keeps_the_policy(client.get(url))


def test_the_dashboard_keeps_the_policy(client, demo_world):
    client.force_login(demo_world["supervisor"])

    assert_keeps_the_policy(client.get(reverse("reports:dashboard")))


def test_the_admin_keeps_the_policy(client, demo_world):
    from django_celery_beat.models import PeriodicTask

    client.force_login(demo_world["admin"])
    case = Case.objects.order_by("pk").first()
    task = PeriodicTask.objects.order_by("pk").first()

    for url in [
        reverse("admin:index"),
        reverse("admin:cases_case_changelist"),
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_case_export"),
    ]:
        assert_keeps_the_policy(client.get(url))
    # The periodic tasks' form (its script moved to a file) is the platform operator's.
    client.force_login(demo_world["platform"])
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    assert_keeps_the_policy(client.get(url))


def test_pages_for_logged_in_people_are_never_stored(client, demo_world):
    client.force_login(demo_world["admin"])

    responses = [
        client.get(reverse("cases:my_cases")),
        client.get(reverse("admin:cases_case_changelist")),
        export(client, "cases_case"),
    ]

    for response in responses:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_public_pages_may_still_be_cached_for_anonymous_visitors(client, demo_code):
    response = client.get(reverse("public:directory", args=[demo_code]))

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("username", ["admin", "platform"])
def test_every_admin_list_and_form_keeps_the_policy(client, demo_world, username):
    from django.contrib import admin

    client.force_login(demo_world[username])
    problems = []
    for model, _model_admin in admin.site._registry.items():
        for page in ("changelist", "add"):
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
            response = client.get(reverse(name))
            if response.status_code == 200 and inline_scripts(response.content.decode()):
                problems.append((name, inline_scripts(response.content.decode())))

    assert problems == []
