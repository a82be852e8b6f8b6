"""The time-limit admin: policies and presets, extension decisions, read-only clocks."""

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.choices import ExtensionStatus, LimitUnit
from cases.models import Case, StageAlert, StageClock, TimeLimitPolicy
from cases.timelimits.deadline_display import format_limit
from cases.timelimits.sweep import sweep
from tests.cases.time_limits import WD, at, make_policy
from tests.factories import DepartmentFactory, StaffFactory


def allow(staff, *codenames):
    staff.user.is_staff = True
    staff.user.save()
    staff.user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
    )
    return staff.user


@pytest.fixture
def administrator(org):
    return StaffFactory(organisation=org.organisation, department=org.office, name="管理员")


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_an_administrator_loads_a_preset_for_their_own_organisation(
    org, administrator, other_organisation, as_user
):
    user = allow(administrator, "add_timelimitpolicy", "view_timelimitpolicy")
    client = as_user(user)

    assert client.get(reverse("admin:cases_timelimitpolicy_load_preset")).status_code == 200
    response = client.post(
        reverse("admin:cases_timelimitpolicy_load_preset"), {"preset": "municipal"}
    )

    assert response.status_code == 302
    assert TimeLimitPolicy.objects.filter(organisation=org.organisation).count() == 5
    assert not TimeLimitPolicy.objects.filter(organisation=other_organisation).exists()
    listing = client.get(reverse("admin:cases_timelimitpolicy_changelist"))
    assert listing.status_code == 200
    with translation.override("zh-hans"):
        assert format_limit(2, LimitUnit.WORKING_DAYS) in listing.content.decode()


def test_loading_a_preset_needs_the_add_permission(org, administrator, as_user):
    user = allow(administrator, "view_timelimitpolicy")

    response = as_user(user).post(
        reverse("admin:cases_timelimitpolicy_load_preset"), {"preset": "municipal"}
    )

    assert response.status_code == 403
    assert not TimeLimitPolicy.objects.exists()


def test_policies_of_another_organisation_stay_out_of_sight(
    org, administrator, other_organisation, as_user
):
    foreign = make_policy(other_organisation, name="外单位时限")
    user = allow(administrator, "change_timelimitpolicy", "view_timelimitpolicy")

    page = as_user(user).get(reverse("admin:cases_timelimitpolicy_change", args=[foreign.pk]))

    assert page.status_code == 302  # Django's "does not exist" redirect


@pytest.fixture
def requested(org, register):
    make_policy(org.organisation, max_extension=(5, WD))
    case = register(at=at(2026, 11, 23, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=at(2026, 11, 23, 10))
    services.case_accept(
        case=Case.objects.get(pk=case.pk), by=org.handler.user, at=at(2026, 11, 23, 10)
    )
    return services.extension_request(
        case=Case.objects.get(pk=case.pk),
        by=org.handler.user,
        reason="需要实地核查",
        requested_due=at(2026, 12, 1, 17, 30),
        at=at(2026, 11, 23, 11),
    )


def test_a_head_approves_an_extension_from_the_admin(org, requested, as_user):
    user = allow(org.social_head, "view_extension")
    client = as_user(user)
    page = client.get(reverse("admin:cases_extension_change", args=[requested.pk]))
    assert reverse("admin:cases_extension_decide", args=[requested.pk]) in page.content.decode()

    response = client.post(
        reverse("admin:cases_extension_decide", args=[requested.pk]),
        {"decision": "approved", "note": "同意"},
    )

    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == ExtensionStatus.APPROVED
    assert requested.clock.due_at == at(2026, 12, 1, 17, 30)


def test_a_rejection_without_a_reason_is_shown_and_changes_nothing(org, requested, as_user):
    user = allow(org.social_head, "view_extension")

    response = as_user(user).post(
        reverse("admin:cases_extension_decide", args=[requested.pk]), {"decision": "rejected"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    requested.refresh_from_db()
    assert requested.status == ExtensionStatus.PENDING


def test_a_head_sees_only_their_departments_requests(org, requested, as_user):
    other_head = allow(org.civil_handler, "view_extension")
    org.civil.head = org.civil_handler
    org.civil.save()

    listing = as_user(other_head).get(reverse("admin:cases_extension_changelist"))

    assert listing.context["cl"].result_count == 0


def test_clocks_and_alerts_are_read_only_with_their_history_page(org, register, as_user):
    make_policy(org.organisation)
    case = register(at=at(2026, 11, 23, 9))
    sweep(at(2026, 12, 1, 9))
    user = allow(org.supervisor, "view_stageclock", "view_stagealert")
    client = as_user(user)
    clock = StageClock.objects.get(case=case)
    alert = StageAlert.objects.filter(case=case).first()

    assert client.get(reverse("admin:cases_stageclock_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_stageclock_change", args=[clock.pk])).status_code == 200
    assert client.get(reverse("admin:cases_stageclock_history", args=[clock.pk])).status_code == 200
    assert client.get(reverse("admin:cases_stagealert_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_stagealert_change", args=[alert.pk])).status_code == 200
    assert client.get(reverse("admin:cases_stageclock_add")).status_code == 403
    assert client.post(reverse("admin:cases_stageclock_delete", args=[clock.pk])).status_code == 403


def test_clocks_of_another_organisation_are_not_listed(org, register, other_organisation, as_user):
    make_policy(org.organisation)
    register()
    outsider_department = DepartmentFactory(organisation=other_organisation)
    outsider = StaffFactory(organisation=other_organisation, department=outsider_department)
    user = allow(outsider, "view_stageclock")

    listing = as_user(user).get(reverse("admin:cases_stageclock_changelist"))

    assert listing.context["cl"].result_count == 0


def test_the_case_page_forms_pause_resume_and_ask_for_more_time(org, register):
    from cases.forms.timelimits import TIME_LIMIT_FORMS

    make_policy(org.organisation)
    case = Case.objects.get(pk=register(at=at(2026, 11, 23, 9)).pk)

    def offered(user):
        return {name for name, (_form, allowed) in TIME_LIMIT_FORMS.items() if allowed(case, user)}

    assert offered(org.clerk.user) == {"pause_clock", "request_extension"}
    assert offered(org.civil_handler.user) == set()
    form_class = TIME_LIMIT_FORMS["pause_clock"][0]
    form = form_class(
        {"version": case.version, "materials": "户口簿"}, case=case, user=org.clerk.user
    )
    assert form.is_valid(), form.errors
    form.perform()

    case = Case.objects.get(pk=case.pk)
    assert offered(org.clerk.user) == {"resume_clock"}
    ask = TIME_LIMIT_FORMS["request_extension"][0]
    assert "requested_due" in ask(case=case, user=org.clerk.user).fields


def test_the_case_page_inlines_list_the_stages_and_extensions(org, requested):
    from django.contrib import admin
    from django.test import RequestFactory

    from cases.admin.clocks import ExtensionInline, StageClockInline

    request = RequestFactory().get("/")
    request.user = allow(org.supervisor, "view_stageclock", "view_extension")
    case = requested.case

    stages = StageClockInline(Case, admin.site).get_queryset(request).filter(case=case)
    extensions = ExtensionInline(Case, admin.site).get_queryset(request).filter(case=case)

    assert [c.stage for c in stages] == ["forward", "sign_for", "resolve"]
    assert list(extensions) == [requested]


def test_the_case_list_filters_by_deadline_status_at_the_moment_of_the_request(
    org, register, as_user
):
    # Forward limit 2 working days from Monday 09:00: due at the close of Wednesday,
    # warning from Wednesday morning (75 % of the office time).
    make_policy(org.organisation, forward=(2, WD))
    case = register(at=at(2026, 11, 23, 9))
    user = org.supervisor.user
    user.is_staff = True
    user.save()
    client = as_user(user)

    def listed(status, now):
        with time_machine.travel(now, tick=False):
            response = client.get(reverse("admin:cases_case_changelist"), {"deadline": status})
        return [c.pk for c in response.context["cl"].result_list]

    assert listed("on_time", at(2026, 11, 23, 10)) == [case.pk]
    assert listed("warning", at(2026, 11, 23, 10)) == []
    assert listed("warning", at(2026, 11, 25, 12)) == [case.pk]
    assert listed("overdue", at(2026, 11, 25, 12)) == []
    assert listed("overdue", at(2026, 11, 26, 10)) == [case.pk]
    assert listed("on_time", at(2026, 11, 26, 10)) == []


def test_a_policy_that_timed_stages_cannot_be_deleted(org, register, django_user_model, as_user):
    policy = make_policy(org.organisation)
    case = register()
    clock = StageClock.objects.get(case=case)
    assert clock.policy == policy
    operator = django_user_model.objects.create_superuser("platform", password="x")

    response = as_user(operator).post(
        reverse("admin:cases_timelimitpolicy_delete", args=[policy.pk]), {"post": "yes"}
    )

    assert TimeLimitPolicy.objects.filter(pk=policy.pk).exists()
    clock.refresh_from_db()
    assert clock.policy == policy
    messages = [str(m) for m in response.context["messages"]]
    assert any("停用" in m for m in messages), messages


def test_the_policy_form_says_which_policy_wins_when_several_fit(org, administrator, as_user):
    user = allow(administrator, "add_timelimitpolicy", "view_timelimitpolicy")

    page = as_user(user).get(reverse("admin:cases_timelimitpolicy_add")).content.decode()

    assert "先看办事清单事项，再看渠道，最后看案件类别" in page
    assert "以来信方式提出的投诉适用信访时限（30日）" in page
