"""Penalty rule sets and time-limit policies round-trip through spreadsheets."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cases.models import TimeLimitPolicy
from penalties.models import PenaltyRule, PenaltyRuleSet, Sanction
from penalties.services.presets import load_penalty_preset
from tests.exports import check, confirm, errors_of, export, xlsx


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator.user)
    return client


def edited(response, change):
    book = load_workbook(io.BytesIO(response.content))
    change(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "edited.xlsx"
    return buffer


def test_a_rule_set_exports_edits_and_imports_back(admin_client, organisation):
    load_penalty_preset(organisation, "property")
    before = Sanction.objects.count()
    exported = export(admin_client, "penalties_penaltyruleset")

    def raise_the_first_fine(sheet):
        header = [cell.value for cell in sheet[1]]
        assert header[:3] == ["规则集", "违规类型", "起始违规次数"]
        amount = header.index("数额")
        for row in sheet.iter_rows(min_row=2):
            if row[amount].value == 20:
                row[amount].value = 25
                break

    checked = check(
        admin_client, "penalties_penaltyruleset", edited(exported, raise_the_first_fine)
    )
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "penalties_penaltyruleset", checked)

    assert Sanction.objects.count() == before
    assert Sanction.objects.filter(amount_min=25).count() == 1
    assert not Sanction.objects.filter(amount_min=20).exists()


def test_a_new_rule_set_is_created_inactive_from_its_rows(admin_client, organisation):
    upload = xlsx(
        [
            [
                "规则集",
                "违规类型",
                "起始违规次数",
                "截止违规次数",
                "说明",
                "责任主体",
                "处理措施",
                "数额",
            ],
            ["本院规则", "", 1, 1, "第一次", "直接责任人", "罚款", 50],
            ["本院规则", "", 2, None, "第二次起", "直接责任人", "通报批评", None],
        ]
    )

    checked = check(admin_client, "penalties_penaltyruleset", upload)
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "penalties_penaltyruleset", checked)

    rule_set = PenaltyRuleSet.objects.get(name="本院规则")
    assert rule_set.organisation == organisation and not rule_set.is_active
    assert PenaltyRule.objects.filter(rule_set=rule_set).count() == 2


def test_a_fine_without_an_amount_is_refused_and_nothing_is_created(admin_client):
    upload = xlsx(
        [
            ["规则集", "起始违规次数", "责任主体", "处理措施", "数额"],
            ["本院规则", 1, "直接责任人", "罚款", None],
        ]
    )

    page = errors_of(check(admin_client, "penalties_penaltyruleset", upload))

    assert "数额：该处理措施须填写数额" in page
    assert not PenaltyRuleSet.objects.filter(name="本院规则").exists()


def test_time_limit_policies_round_trip(admin_client, organisation):
    from cases.timelimits.presets import load_time_limit_preset

    load_time_limit_preset(organisation, "municipal")
    exported = export(admin_client, "cases_timelimitpolicy")

    def longer_callbacks(sheet):
        header = [cell.value for cell in sheet[1]]
        column = header.index("回访时限")
        for row in sheet.iter_rows(min_row=2):
            row[column].value = 9

    checked = check(admin_client, "cases_timelimitpolicy", edited(exported, longer_callbacks))
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "cases_timelimitpolicy", checked)

    assert set(TimeLimitPolicy.objects.values_list("callback_limit", flat=True)) == {9}


def test_a_rule_counting_repeated_complaints_about_one_case_imports(admin_client, organisation):
    upload = xlsx(
        [
            ["规则集", "违规类型", "起始违规次数", "计次方式", "同一案件", "责任主体", "处理措施"],
            ["本院规则", "群众投诉工作人员", 2, "同类违规", "是", "直接责任人", "调离岗位"],
            ["本院规则", "", 1, "", "", "直接责任人", "通报批评"],
        ]
    )

    checked = check(admin_client, "penalties_penaltyruleset", upload)
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "penalties_penaltyruleset", checked)

    rules = PenaltyRule.objects.filter(rule_set__name="本院规则").order_by("offence_from")
    assert [(r.offence_from, r.counts, r.same_case) for r in rules] == [
        (1, "all", False),
        (2, "kind", True),
    ]


def test_the_property_preset_exports_and_imports_back_with_its_counting(admin_client, organisation):
    load_penalty_preset(organisation, "property")
    exported = export(admin_client, "penalties_penaltyruleset")
    before = set(PenaltyRule.objects.values_list("pk", "counts", "same_case"))

    checked = check(admin_client, "penalties_penaltyruleset", edited(exported, lambda s: None))
    assert "confirm_form" in checked.context, errors_of(checked)
    confirm(admin_client, "penalties_penaltyruleset", checked)

    assert set(PenaltyRule.objects.values_list("pk", "counts", "same_case")) == before
