"""Every admin model's add and change page opens (or is refused) for the organisation's
administrator and the platform operator; none answers with a server error."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import TimeLimitPolicy
from departments.scoping import scoped_queryset

# One xdist worker builds the demo once for all of these (bin/test: --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("admin_forms_open")]

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("username", ["admin", "platform"])
def test_every_add_and_change_page_opens_or_is_refused(client, demo_world, username):
    user = demo_world[username]
    client.force_login(user)
    opened = []
    for model, _model_admin in MODEL_ADMINS:
        response = client.get(_url(model, "add"))
        assert response.status_code in (200, 403), (model, "add", response.status_code)
        if response.status_code == 200:
            opened.append(model._meta.label_lower)
        obj = scoped_queryset(model, user).order_by("pk").first()
        if obj is not None:
            response = client.get(_url(model, "change", obj.pk))
            assert response.status_code in (200, 403), (model, "change", response.status_code)
    assert "cases.timelimitpolicy" in opened


def test_the_administrator_adds_a_time_limit_policy_without_naming_the_organisation(
    client, demo_world
):
    client.force_login(demo_world["admin"])

    response = client.get(_url(TimeLimitPolicy, "add"))

    assert response.status_code == 200
    assert "organisation" not in response.context["adminform"].form.fields
