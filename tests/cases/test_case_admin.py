import pytest
from django.urls import reverse

from cases import services
from cases.choices import Kind, State
from departments.roles import Role
from tests.factories import StaffFactory


def change_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def action_url(case, action):
    return reverse("admin:cases_case_action", args=[case.pk, action])


@pytest.fixture
def as_user(client):
    def login(staff):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        return client

    return login


def test_the_case_page_offers_exactly_the_users_available_actions(org, transferred, as_user):
    page = as_user(org.handler).get(change_url(transferred))

    assert page.status_code == 200
    offered = dict(page.context["case_actions"])
    assert set(offered) == {"accept", "return_transfer"}


def test_a_supervisor_is_offered_urging_and_reassignment(org, transferred, as_user):
    offered = dict(as_user(org.supervisor).get(change_url(transferred)).context["case_actions"])

    assert {"transfer", "urge", "merge"} <= set(offered)
    assert "accept" not in offered


def test_a_return_without_reason_shows_the_error_and_changes_nothing(org, transferred, as_user):
    response = as_user(org.handler).post(
        action_url(transferred, "return_transfer"),
        {"version": transferred.version, "reason": ""},
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    transferred.refresh_from_db()
    assert transferred.state == State.TRANSFERRED


def test_an_action_through_the_admin_runs_the_service(org, transferred, as_user):
    response = as_user(org.handler).post(
        action_url(transferred, "return_transfer"),
        {"version": transferred.version, "reason": "不属于本科室职责清单", "duty_item": "none"},
    )

    assert response.status_code == 302
    transferred.refresh_from_db()
    assert transferred.state == State.REGISTERED
    assert transferred.events.order_by("pk").last().user == org.handler.user


def test_a_form_filled_on_an_older_version_is_told_the_case_changed(org, transferred, as_user):
    old_version = transferred.version
    services.case_accept(case=transferred, by=org.social_clerk.user)

    client = as_user(org.social_head)
    response = client.post(
        action_url(transferred, "assign_handler"),
        {"version": old_version, "handler": org.handler.pk},
    )

    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_an_action_the_user_may_not_take_is_refused_with_a_message(org, transferred, as_user):
    response = as_user(org.clerk).post(
        action_url(transferred, "accept"), {"version": transferred.version}, follow=True
    )

    assert response.redirect_chain[-1][0] == change_url(transferred)
    assert [str(m) for m in response.context["messages"]]
    transferred.refresh_from_db()
    assert transferred.handler is None


def test_unknown_actions_and_cases_give_not_found(org, transferred, as_user):
    client = as_user(org.supervisor)

    assert client.get(action_url(transferred, "explode")).status_code == 404
    assert client.get("/admin/cases/case/999999/act/accept/").status_code in (302, 404)


def test_nobody_can_delete_a_case(org, transferred, client, django_user_model):
    operator = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(operator)

    response = client.post(
        reverse("admin:cases_case_delete", args=[transferred.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert transferred.__class__.objects.filter(pk=transferred.pk).exists()


def test_search_by_number_phone_and_name(org, register, as_user):
    case = register(person={"name": "孙悟空", "phone": "13612345678"})
    register(person={"name": "猪八戒", "phone": "13700000000"})
    client = as_user(org.supervisor)
    changelist = reverse("admin:cases_case_changelist")

    for term in (case.number, "13612345678", "孙悟空"):
        result = client.get(changelist, {"q": term}).context["cl"].result_list
        assert list(result) == [case], term


class TestConfidentialCases:
    @pytest.fixture
    def report(self, org, register):
        case = register(kind=Kind.REPORT, person={"name": "举报人丙", "phone": "13511112222"})
        services.case_transfer(case=case, by=org.clerk.user)
        case.refresh_from_db()
        return case

    def test_the_identity_is_masked_for_a_department_head(self, org, report, as_user):
        client = as_user(org.social_head)

        listing = client.get(reverse("admin:cases_case_changelist"))
        page = client.get(change_url(report))
        history = client.get(reverse("admin:cases_case_history", args=[report.pk]))

        for response in (listing, page, history):
            assert response.status_code == 200
            assert "举报人丙" not in response.text
            assert "13511112222" not in response.text

    def test_searching_a_confidential_name_finds_nothing_for_a_head(self, org, report, as_user):
        result = (
            as_user(org.social_head)
            .get(reverse("admin:cases_case_changelist"), {"q": "举报人丙"})
            .context["cl"]
            .result_list
        )

        assert list(result) == []

    @pytest.mark.parametrize("role", ["supervisor", "auditor"])
    def test_supervisors_and_auditors_see_the_identity(self, org, report, as_user, role):
        page = as_user(getattr(org, role)).get(change_url(report))

        assert "举报人丙" in page.text

    def test_a_historical_version_is_closed_to_a_head(self, org, report, as_user):
        version = report.history.earliest()
        url = reverse("admin:cases_case_simple_history", args=[report.pk, version.history_id])

        assert as_user(org.social_head).get(url).status_code == 403


class TestHistory:
    def test_every_step_writes_history_rows(self, org, resolved):
        services.case_call_back(
            case=resolved, by=org.clerk.user, contact_result="reached", satisfaction="satisfied"
        )

        states = list(resolved.history.order_by("history_id").values_list("state", flat=True))
        assert states[0] == State.REGISTERED
        assert states[-1] == State.CALLED_BACK
        assert {State.TRANSFERRED, State.RESOLVED} <= set(states)
        assert resolved.transfers.get().history.count() >= 2
        assert resolved.callbacks.get().history.count() == 1
        users = set(resolved.history.values_list("history_user", flat=True))
        assert org.handler.user.pk in users and org.clerk.user.pk in users

    def test_history_cannot_be_changed_through_the_admin(self, org, resolved, as_user):
        version = resolved.history.earliest()
        url = reverse("admin:cases_case_simple_history", args=[resolved.pk, version.history_id])

        response = as_user(org.supervisor).post(url, {"matter_text": "篡改"})

        assert response.status_code == 403
        resolved.refresh_from_db()
        assert resolved.matter_text != "篡改"
        assert resolved.history.filter(matter_text="篡改").count() == 0

    def test_history_models_are_not_in_the_admin(self, org, as_user):
        client = as_user(org.supervisor)

        assert client.get("/admin/cases/historicalcase/").status_code == 404


def test_an_organisations_cases_stay_inside_it(org, transferred, client, other_organisation):
    outsider = StaffFactory(organisation=other_organisation, roles=[Role.SUPERVISOR])
    outsider.user.is_staff = True
    outsider.user.save()
    client.force_login(outsider.user)

    assert transferred.number not in client.get(reverse("admin:cases_case_changelist")).text
    assert client.get(change_url(transferred), follow=True).redirect_chain
    assert client.get(reverse("admin:cases_case_history", args=[transferred.pk])).status_code == 404
    assert client.get(action_url(transferred, "urge")).status_code == 404


def test_a_handler_sees_only_cases_of_their_department(org, transferred, register, as_user):
    elsewhere = register()  # stays at the reception window
    client = as_user(org.handler)

    listed = set(client.get(reverse("admin:cases_case_changelist")).context["cl"].result_list)

    assert transferred in listed
    assert elsewhere not in listed


class TestExport:
    @pytest.fixture
    def report(self, org, register):
        return register(kind=Kind.REPORT, person={"name": "举报人丁", "phone": "13522223333"})

    def export(self, user, cases):
        from cases.resources import CaseResource

        return CaseResource(user=user).export(queryset=cases).csv

    def test_an_export_masks_a_confidential_identity_for_a_head(self, org, report):
        from cases.models import Case

        csv = self.export(org.social_head.user, Case.objects.all())

        assert report.number in csv
        assert "举报人丁" not in csv and "13522223333" not in csv

    def test_an_export_shows_the_identity_to_a_supervisor(self, org, report):
        from cases.models import Case

        assert "举报人丁" in self.export(org.supervisor.user, Case.objects.all())

    def test_the_export_page_opens_for_a_head(self, org, report, as_user):
        response = as_user(org.social_head).get(reverse("admin:cases_case_export"))

        assert response.status_code == 200
