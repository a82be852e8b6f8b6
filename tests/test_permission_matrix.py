"""The permission matrix: every role of two organisations (and the platform operator) ×
every admin model and staff page, asserting what the spec allows.

- Another organisation's rows never open (change, history, actions) and never show.
- Clerks and handlers have no admin; the other roles open what their role's view or change
  permission allows (departments/roles.py) and nothing else; without the change permission
  a POST to a change page is refused (auditors are read-only everywhere).
- A confidential report's reporter (planted name and phone) appears in no response, export
  or mail for anyone but the organisation's supervisors and auditors.
"""

import datetime as dt
import json

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from cases import services
from cases.choices import Channel, Kind
from cases.models import Case
from cases.timelimits.sweep import sweep
from departments.models import Department
from departments.roles import ADMIN_ROLES, Role
from departments.scoping import is_scoped, scoped_queryset
from tests.demo_world import NOW
from tests.exports import export
from tests.matrix_world import B_NAME, MARKERS, build_world
from tests.shared_data import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_world) as world:
        yield world


USERS = [(key, role) for key in ("A", "B") for role in Role] + ["operator"]
MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
NOT_FOUND = (302, 403, 404)  # 302: the admin's "does not exist" redirect to its index


def user_id(key):
    return key if isinstance(key, str) else f"{key[0]}-{getattr(key[1], 'value', key[1])}"


def other(key):
    return "B" if key[0] == "A" else "A"


def sees_reporters_of(key, org):
    return key == "operator" or (key[0] == org and key[1] in (Role.SUPERVISOR, Role.AUDITOR))


def forbidden_texts(world, key):
    """What must never appear in any response to this user."""
    texts = [text for org in "AB" if not sees_reporters_of(key, org) for text in MARKERS[org]]
    if key != "operator":
        texts += [B_NAME, "乙方专属科"] if key[0] == "A" else [world.organisations["A"].name]
    return texts


class Check:
    def __init__(self, client, world, key):
        self.client, self.world, self.key = client, world, key
        self.user = world.users[key]
        self.forbidden = forbidden_texts(world, key)
        self.problems = []
        client.force_login(self.user)

    def get(self, url, expected, **params):
        response = self.client.get(url, params)
        searched = set(params.values())
        forbidden = [t for t in self.forbidden if t not in searched]
        if searched & set(self.forbidden):
            # Searching for a hidden reporter must not find their report either.
            forbidden += [report.number for report in self.world.reports.values()]
        self.expect(response, f"{url}{params or ''}", expected, forbidden)
        return response

    def expect(self, response, what, expected, forbidden=None):
        expected = expected if isinstance(expected, tuple) else (expected,)
        if response.status_code not in expected:
            self.problems.append(f"{what}: {response.status_code}, expected {expected}")
        content = b"".join(response) if response.streaming else response.content
        text = content.decode("utf-8", "replace")
        forbidden = self.forbidden if forbidden is None else forbidden
        self.problems += [f"{what}: shows {t!r}" for t in forbidden if t in text]

    def admin_url(self, model, page, *args):
        opts = model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def _foreign_object(world, key, model):
    if key == "operator":
        return None
    organisation = world.organisations[other(key)]
    if is_scoped(model):
        return model._default_manager.for_organisation(organisation).first()
    if "organisation_id" in {f.name for f in model._meta.concrete_fields}:
        # Rows marked with an organisation id only (the outbox: firstask is the base app).
        return model._default_manager.filter(organisation_id=organisation.pk).first()
    return None


def _own_object(world, key, model, model_admin, user):
    if is_scoped(model) or key == "operator":
        return scoped_queryset(model, user).order_by("pk").first()
    request = RequestFactory().get("/admin/")
    request.user = user
    return model_admin.get_queryset(request).order_by("pk").first()


def _admin_matrix(check, world, key):
    user = check.user
    staff_only = 302 if not user.is_staff else None
    for model, model_admin in MODEL_ADMINS:
        opts = model._meta
        can_change = user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        can_view = can_change or user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        allowed = staff_only or (200 if can_view else 403)
        check.get(check.admin_url(model, "changelist"), allowed)
        if model_admin.search_fields and key != "operator":
            # The reporter's phone, searched by someone of the same organisation.
            check.get(check.admin_url(model, "changelist"), allowed, q=MARKERS[key[0]][1])
        own = _own_object(world, key, model, model_admin, user)
        if own is not None:
            check.get(check.admin_url(model, "change", own.pk), allowed)
            if hasattr(model, "history"):
                check.get(check.admin_url(model, "history", own.pk), allowed)
            if user.is_staff and can_view and not can_change:
                response = check.client.post(check.admin_url(model, "change", own.pk), {})
                check.expect(response, f"POST {opts.label} change", 403)
        foreign = _foreign_object(world, key, model)
        if foreign is not None:
            check.get(check.admin_url(model, "change", foreign.pk), staff_only or NOT_FOUND)
            if hasattr(model, "history"):
                check.get(check.admin_url(model, "history", foreign.pk), staff_only or NOT_FOUND)


@pytest.mark.parametrize("key", USERS, ids=user_id)
def test_admin_pages(client, matrix_world, key):
    check = Check(client, matrix_world, key)

    _admin_matrix(check, matrix_world, key)

    assert check.problems == []


def _case_pages(check, world, key):
    user = check.user
    visible = set(Case.objects.for_user(user).values_list("pk", flat=True))
    for org in ("A", "B"):
        for case in [world.reports[org], *world.cases[org]]:
            foreign = key != "operator" and org != key[0]
            expected = 404 if foreign or case.pk not in visible else 200
            if key == "operator":
                expected = 403  # the staff pages are for staff
            check.get(reverse("cases:case", args=[case.pk]), expected)
            check.get(reverse("cases:receipt", args=[case.pk]), expected)


@pytest.mark.parametrize("key", USERS, ids=user_id)
def test_staff_pages(client, matrix_world, key):
    check = Check(client, matrix_world, key)
    staff_page = 403 if key == "operator" else 200
    for text in ("", MARKERS["A"][1], MARKERS["B"][0]):
        check.get(reverse("cases:my_cases"), staff_page, q=text)
        check.get(reverse("cases:matter_search"), staff_page, q=text)
    check.get(reverse("cases:intake"), staff_page)
    is_head = key != "operator" and key[1] in (Role.HEAD, Role.SUPERVISOR)
    check.get(reverse("cases:queue"), (200,) if is_head else (200, 403))

    _case_pages(check, matrix_world, key)

    assert check.problems == []


def _exportable():
    for model, model_admin in MODEL_ADMINS:
        try:
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
        except NoReverseMatch:
            continue
        yield model, model_admin


@pytest.mark.parametrize(
    "key",
    [(org, role) for org in "AB" for role in sorted(ADMIN_ROLES, key=str)] + ["operator"],
    ids=user_id,
)
def test_exports_and_autocomplete(client, matrix_world, key):
    check = Check(client, matrix_world, key)
    for model, _model_admin in _exportable():
        opts = model._meta
        if not check.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        response = export(check.client, f"{opts.app_label}_{opts.model_name}", "csv")
        check.expect(response, f"export {opts.label}", 200)
    for model, model_admin in MODEL_ADMINS:
        for field_name in model_admin.autocomplete_fields:
            related = model._meta.get_field(field_name).related_model
            response = check.client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                },
            )
            if response.status_code != 200:
                check.expect(response, f"autocomplete {model._meta.label}.{field_name}", 403)
                continue
            offered = {int(item["id"]) for item in json.loads(response.content)["results"]}
            allowed = set(scoped_queryset(related, check.user).values_list("pk", flat=True))
            if offered - allowed:
                check.problems.append(f"autocomplete {field_name} offers {offered - allowed}")

    assert check.problems == []


@pytest.mark.parametrize("org", ["A", "B"])
def test_an_administrator_cannot_act_on_another_organisations_rows(client, matrix_world, org):
    key = (org, Role.ADMINISTRATOR)
    check = Check(client, matrix_world, key)
    for model, _model_admin in MODEL_ADMINS:
        foreign = _foreign_object(matrix_world, key, model)
        if foreign is None:
            continue
        check.client.post(
            check.admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [foreign.pk], "post": "yes"},
        )
        if not model._default_manager.filter(pk=foreign.pk).exists():
            check.problems.append(f"{model._meta.label} {foreign.pk} deleted")

    assert check.problems == []


def test_the_public_pages_never_show_a_reporter(client, matrix_world):
    markers = [*MARKERS["A"], *MARKERS["B"]]
    reports = [report.number for report in matrix_world.reports.values()]
    for org in ("A", "B"):
        code = matrix_world.organisations[org].code
        report = matrix_world.reports[org]
        pages = [
            (reverse("public:directory", args=[code]), {"q": MARKERS[org][1]}),
            (reverse("public:on_duty", args=[code]), {}),
            (
                reverse("public:lookup", args=[code]),
                {"number": report.number, "code": report.query_code},
            ),
        ]
        for url, params in pages:
            text = client.get(url, params).content.decode()
            searched = set(params.values())
            hidden = [m for m in markers if m not in searched]
            if searched & set(markers):
                hidden += reports
            assert not [m for m in hidden if m in text], (url, params)


def test_no_mail_names_a_reporter_to_someone_who_may_not_see_them(
    matrix_world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    users = {role: matrix_world.users[("B", role)] for role in Role}
    for role, user in users.items():
        user.email = f"{role.value}@b.example.cn"
        user.save()
    unit = Department.objects.get(name="乙方专属科")
    name, phone = MARKERS["B"]
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_register(
            by=users[Role.CLERK],
            channel=Channel.PHONE,
            kind=Kind.REPORT,
            matter_text="举报乙方专属科收受礼品",
            person={"name": name, "phone": phone},
            at=NOW,
        )
        services.case_transfer(case=case, by=users[Role.CLERK], to_department=unit, at=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=NOW + dt.timedelta(days=30))

    allowed = {users[Role.SUPERVISOR].email, users[Role.AUDITOR].email}
    assert mailoutbox, "the transfer and the overdue stage send mail"
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}"
        if name in text or phone in text:
            assert set(message.to) <= allowed, (message.to, message.subject)
