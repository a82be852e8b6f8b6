"""The accountability pages in the admin: buttons, forms, roles, scoping, exports."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from penalties import services
from penalties.models import (
    Commendation,
    Penalty,
    PenaltyRuleSet,
    Violation,
    ViolationKind,
    ViolationState,
)
from tests.factories import DepartmentFactory, StaffFactory

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipal(preset):
    return preset("municipal")


@pytest.fixture
def as_user(client):
    def login(staff):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        return client

    return login


def change_url(violation):
    return reverse("admin:penalties_violation_change", args=[violation.pk])


def action_url(violation, action):
    return reverse("admin:penalties_violation_action", args=[violation.pk, action])


def offered(client, violation):
    return dict(client.get(change_url(violation)).context["violation_actions"])


def test_a_supervisor_is_offered_the_decisions_on_a_suspected_violation(people, report, as_user):
    assert set(offered(as_user(people.supervisor), report())) == {
        "send_self_check",
        "substantiate",
        "dismiss",
    }


def test_the_head_is_offered_the_self_check_answer_and_nothing_else(people, report, as_user):
    violation = report()
    services.violation_send_self_check(violation=violation, by=people.supervisor.user)

    assert set(offered(as_user(people.head), violation)) == {"answer_self_check"}


def test_the_auditor_reads_everything_and_is_offered_nothing(people, substantiated, as_user):
    violation = substantiated()
    client = as_user(people.auditor)

    assert offered(client, violation) == {}
    for name in ("violation", "penalty", "commendation", "annualrating", "penaltyruleset"):
        assert client.get(reverse(f"admin:penalties_{name}_changelist")).status_code == 200
    line = Penalty.objects.first()
    assert client.get(reverse("admin:penalties_penalty_change", args=[line.pk])).status_code == 200
    assert (
        client.get(reverse("admin:penalties_violation_history", args=[violation.pk])).status_code
        == 200
    )


def test_a_dismissal_through_the_admin_runs_the_service(people, report, as_user):
    violation = report()

    response = as_user(people.supervisor).post(
        action_url(violation, "dismiss"), {"version": violation.version, "reason": "查无实据"}
    )

    assert response.status_code == 302
    violation.refresh_from_db()
    assert (violation.state, violation.decision_reason) == (ViolationState.DISMISSED, "查无实据")
    assert violation.events.last().user == people.supervisor.user


def test_a_dismissal_without_evidence_shows_the_error_and_changes_nothing(people, report, as_user):
    violation = report()

    response = as_user(people.supervisor).post(
        action_url(violation, "dismiss"), {"version": violation.version, "reason": ""}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    violation.refresh_from_db()
    assert violation.state == ViolationState.SUSPECTED


def test_a_form_filled_on_an_older_version_is_told_it_changed(people, report, as_user):
    violation = report()
    old = violation.version
    services.violation_send_self_check(violation=violation, by=people.supervisor.user)

    response = as_user(people.supervisor).post(
        action_url(violation, "dismiss"), {"version": old, "reason": "不属实"}
    )

    assert "version" in response.context["form"].errors


def test_an_action_not_offered_is_refused_with_a_message(people, report, as_user):
    violation = report()

    response = as_user(people.head).post(
        action_url(violation, "substantiate"), {"version": violation.version}
    )

    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.state == ViolationState.SUSPECTED


def test_a_supervisor_records_a_violation_from_the_list_page(people, as_user):
    client = as_user(people.supervisor)
    page = client.get(reverse("admin:penalties_violation_changelist"))
    assert page.context["may_report"]

    response = client.post(
        reverse("admin:penalties_violation_report"),
        {
            "staff": people.colleague.pk,
            "kind": ViolationKind.RUDE_LANGUAGE,
            "source": "spot_check",
            "evidence": "暗访发现使用服务忌语",
        },
    )

    violation = Violation.objects.get()
    assert response.status_code == 302
    assert response.url == change_url(violation)
    assert (violation.staff, violation.source) == (people.colleague, "spot_check")


def test_the_report_page_is_the_supervisors_only(people, as_user):
    response = as_user(people.head).get(reverse("admin:penalties_violation_report"))

    assert response.status_code == 404


def test_a_supervisor_commends_a_department_from_the_list_page(people, as_user):
    response = as_user(people.supervisor).post(
        reverse("admin:penalties_commendation_commend"),
        {"department": people.civil.pk, "reason": "季度零投诉"},
    )

    assert response.status_code == 302
    assert Commendation.objects.get().department == people.civil


@pytest.mark.parametrize(
    "name", ["violation", "penalty", "commendation", "annualrating", "penaltyruleset"]
)
def test_nothing_is_deleted_or_edited_by_hand(people, substantiated, as_user, name):
    substantiated()
    services.commendation_record(by=people.supervisor.user, staff=people.clerk, reason="表扬")
    model = {
        "violation": Violation,
        "penalty": Penalty,
        "commendation": Commendation,
        "penaltyruleset": PenaltyRuleSet,
    }.get(name)
    from penalties.models import AnnualRating

    obj = (model or AnnualRating).objects.first()
    client = as_user(people.administrator)

    delete = client.post(reverse(f"admin:penalties_{name}_delete", args=[obj.pk]), {"post": "yes"})

    assert delete.status_code == 403
    assert (model or AnnualRating).objects.filter(pk=obj.pk).exists()


def test_history_is_read_only(people, substantiated, as_user):
    violation = substantiated()
    version = violation.history.first().history_id
    url = reverse("admin:penalties_violation_simple_history", args=[violation.pk, version])

    response = as_user(people.supervisor).post(url, {})

    assert response.status_code == 403


def test_a_head_sees_the_violations_of_their_department_only(people, report, as_user):
    own = report(staff=people.clerk)
    other = report(staff=people.civil_clerk)

    listed = as_user(people.head).get(reverse("admin:penalties_violation_changelist"))

    assert list(listed.context["cl"].result_list) == [own]
    assert as_user(people.head).get(change_url(other)).status_code == 302


def test_another_organisations_violations_are_invisible(
    people, report, as_user, other_organisation
):
    violation = report()
    outsider = StaffFactory(organisation=other_organisation, roles=["supervisor"])
    group = Group.objects.get(name="supervisor")
    assert group.permissions.filter(codename="view_violation").exists()

    client = as_user(outsider)

    assert (
        list(client.get(reverse("admin:penalties_violation_changelist")).context["cl"].result_list)
        == []
    )
    assert client.get(change_url(violation)).status_code == 302


def test_violations_filter_by_period(people, report, as_user):
    march = report(when=at(2026, 3, 2))
    report(when=at(2026, 7, 2))
    url = reverse("admin:penalties_violation_changelist")

    listed = as_user(people.supervisor).get(url, {"occurred": "2026Q1"})

    assert list(listed.context["cl"].result_list) == [march]


def test_violations_the_ledger_and_ratings_export_as_displayed(people, substantiated, as_user):
    from tests.exports import cells, export

    substantiated()
    client = as_user(people.supervisor)

    for name in ("violation", "penalty", "commendation", "annualrating"):
        assert client.get(reverse(f"admin:penalties_{name}_export")).status_code == 200, name
    violations = export(client, "penalties_violation", "csv").content.decode("utf-8-sig")
    assert people.clerk.name in violations and "2026-03-02 10:00" in violations
    assert datetime.datetime(2026, 3, 2, 10, 0) in cells(
        export(client, "penalties_violation").content
    )
    ledger = export(client, "penalties_penalty", "csv").content.decode("utf-8-sig")
    assert people.head.name in ledger
    ratings = export(client, "penalties_annualrating", "csv").content.decode("utf-8-sig")
    assert people.clerk.name in ratings


def test_the_ledger_export_has_the_sanction_and_its_amount_in_columns_of_their_own(
    people, substantiated, as_user
):
    from django.utils import translation

    from tests.exports import export, heading, sheet_rows

    substantiated()

    with translation.override("zh-hans"):
        content = export(as_user(people.supervisor), "penalties_penalty").content
    _book, rows = sheet_rows(content)

    header = rows[0]
    kind, amount = header.index("处理措施"), header.index("数额")
    sanctions = {(row[kind], row[amount]) for row in rows[1:]}
    assert ("扣减年度绩效奖金（%）", 20) in sanctions and ("扣减年度绩效奖金（%）", 5) in sanctions
    assert ("通报批评", None) in sanctions
    assert heading(content)[0].startswith(f"问责台账导出 · {people.organisation.name} · ")


def test_an_administrator_loads_a_preset_and_makes_it_active(people, as_user):
    client = as_user(people.administrator)

    response = client.post(
        reverse("admin:penalties_penaltyruleset_load_preset"),
        {"preset": "bureau", "activate": "on"},
    )

    active = PenaltyRuleSet.objects.get(organisation=people.organisation, is_active=True)
    assert response.status_code == 302
    assert active.preset == "bureau"
    municipal = PenaltyRuleSet.objects.get(preset="municipal")
    client.post(reverse("admin:penalties_penaltyruleset_activate", args=[municipal.pk]))
    municipal.refresh_from_db()
    assert municipal.is_active


def test_a_supervisor_cannot_load_presets(people, as_user):
    response = as_user(people.supervisor).get(reverse("admin:penalties_penaltyruleset_load_preset"))

    assert response.status_code == 403


def test_the_rule_set_page_lists_its_rules_with_their_sanctions(people, as_user, municipal):
    url = reverse("admin:penalties_penaltyruleset_change", args=[municipal.pk])

    page = as_user(people.administrator).get(url)

    assert page.status_code == 200
    assert "20" in page.content.decode()
    rule = municipal.rules.first()
    rule_page = as_user(people.administrator).get(
        reverse("admin:penalties_penaltyrule_change", args=[rule.pk])
    )
    assert rule_page.status_code == 200


def test_a_department_of_another_organisation_is_not_offered_when_commending(
    people, as_user, other_organisation
):
    foreign = DepartmentFactory(organisation=other_organisation, name="外单位科")

    page = as_user(people.supervisor).get(reverse("admin:penalties_commendation_commend"))

    assert foreign not in page.context["form"].fields["department"].queryset


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_administrator_writes_a_rule_set_of_their_own(people, as_user):
    data = {
        "name": "本单位追究办法",
        "source": "",
        "counting_window": "calendar_year",
        "rolling_days": "365",
        "self_check_notice_days": "2",
        "self_check_answer_days": "5",
        "bottom_units_excluded": "0",
        "commend_min_cases": "5",
        "commend_min_satisfaction": "90",
        "commend_min_on_time": "95",
        **inline_management("rules", 1),
        "rules-0-sort_order": "1",
        "rules-0-violation_kind": "complaint",
        "rules-0-offence_from": "2",
        "rules-0-offence_to": "",
        "rules-0-counts": "kind",
        "rules-0-same_case": "on",
        "rules-0-description": "同一工单重复投诉",
        **inline_management("escalations"),
    }

    response = as_user(people.administrator).post(
        reverse("admin:penalties_penaltyruleset_add"), data
    )

    assert response.status_code == 302, response.context["errors"]
    rule_set = PenaltyRuleSet.objects.get(name="本单位追究办法")
    assert (rule_set.organisation, rule_set.is_active) == (people.organisation, False)
    rule = rule_set.rules.get()
    assert (rule.violation_kind, rule.offence_from, rule.counts, rule.same_case) == (
        "complaint",
        2,
        "kind",
        True,
    )


def test_a_sanction_without_its_amount_is_refused(people, as_user, municipal):
    rule = municipal.rules.first()
    data = {
        "rule_set": municipal.pk,
        "violation_kind": "",
        "offence_from": "1",
        "offence_to": "1",
        "counts": "all",
        "description": rule.description,
        "sort_order": "10",
        **inline_management("sanctions", 1),
        "sanctions-0-liability": "person",
        "sanctions-0-kind": "fine",
        "sanctions-0-amount_min": "",
    }
    data["sanctions-INITIAL_FORMS"] = "0"

    response = as_user(people.administrator).post(
        reverse("admin:penalties_penaltyrule_change", args=[rule.pk]), data
    )

    assert response.status_code == 200
    assert "amount_min" in response.context["inline_admin_formsets"][0].formset.errors[0]


def test_the_staff_page_shows_the_annual_ratings(people, substantiated, as_user):
    from penalties.models import AnnualRating

    substantiated()
    rating = AnnualRating.objects.filter(staff=people.clerk).first()
    url = reverse("admin:departments_staff_change", args=[people.clerk.pk])

    page = as_user(people.administrator).get(url)

    sections = [formset.opts.model for formset in page.context["inline_admin_formsets"]]
    assert sections == [AnnualRating]
    assert rating is not None and str(rating.year) in page.content.decode()
