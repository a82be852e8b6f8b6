from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from penalties.models import PenaltyRuleSet

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("load_penalty_preset", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("preset", "rules"), [("municipal", 3), ("property", 7), ("bureau", 13), ("telecom", 1)]
)
def test_each_preset_loads_as_the_active_rule_set(organisation, preset, rules):
    output = run(organisation.code, preset)

    rule_set = PenaltyRuleSet.objects.get(organisation=organisation, is_active=True)
    assert (rule_set.preset, rule_set.rules.count()) == (preset, rules)
    assert f"{organisation.code}: {preset}" in output


def test_running_twice_keeps_one_rule_set(organisation):
    run(organisation.code, "municipal")
    run(organisation.code, "municipal")

    assert PenaltyRuleSet.objects.filter(organisation=organisation).count() == 1


def test_the_organisations_preset_setting_is_the_default(organisation):
    organisation.penalty_preset = "telecom"
    organisation.save()

    run(organisation.code)

    assert PenaltyRuleSet.objects.get(is_active=True).preset == "telecom"


def test_no_activate_leaves_the_active_rule_set_alone(organisation):
    run(organisation.code, "municipal")
    run(organisation.code, "bureau", "--no-activate")

    assert PenaltyRuleSet.objects.get(is_active=True).preset == "municipal"


def test_an_unknown_organisation_is_an_error():
    with pytest.raises(CommandError):
        run("NOPE", "municipal")
