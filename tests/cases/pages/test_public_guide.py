"""The public guide (办事指南) states each matter's time limit from the policy that would
govern a request about it — matter, then channel, then kind — in working days or days as
that policy says; the demo's duty list carries the regulations' own limits."""

from django.urls import reverse
from django.utils import translation

from cases.models import TimeLimitPolicy
from cases.timelimits.deadline_display import matter_time_limit
from cases.timelimits.presets import load_time_limit_preset
from demo.data_time_limits import MATTER_LIMITS
from demo.recorder import Recorder
from demo.rules import ensure_matter_time_limits
from tests.cases.time_limits import CD, WD, make_policy
from tests.factories import MatterFactory


def directory(client, org):
    return client.get(reverse("public:directory", args=[org.organisation.code]))


def test_a_matter_with_its_own_policy_states_its_limit_in_its_unit(client, org):
    load_time_limit_preset(org.organisation, "municipal")
    disclosure = MatterFactory(
        organisation=org.organisation, department=org.social, name="政府信息公开申请"
    )
    make_policy(org.organisation, name="信息公开", matter=disclosure, resolve=(20, WD))
    review = MatterFactory(
        organisation=org.organisation, department=org.social, name="信访事项复查复核申请"
    )
    make_policy(org.organisation, name="复查", matter=review, resolve=(30, CD))

    with translation.override("en"):
        assert matter_time_limit(disclosure) == "20 working days"
        assert matter_time_limit(review) == "30 days"
    page = directory(client, org).content.decode()
    assert "20 个工作日" in page
    assert "30 天" in page


def test_a_matter_without_its_own_policy_names_the_channels_governed_otherwise(org):
    load_time_limit_preset(org.organisation, "municipal")

    with translation.override("en"):
        text = matter_time_limit(org.matter)

    # In person: the general 3 working days; a letter 30 days, the web 2 working days and a
    # referral by a superior body 10 working days, as the municipal policies say.
    assert text.startswith("3 working days (")
    assert "Letter: 30 days" in text
    assert "Web: 2 working days" in text
    assert "Referred by a superior body: 10 working days" in text


def test_a_matter_policy_outranks_the_channel_policies(org):
    load_time_limit_preset(org.organisation, "municipal")
    make_policy(org.organisation, name="低保", matter=org.matter, resolve=(30, WD))

    with translation.override("en"):
        assert matter_time_limit(org.matter) == "30 working days"


def test_the_demo_gives_the_regulations_limits_to_its_matters(org):
    load_time_limit_preset(org.organisation, "municipal")
    limits = {row.matter: row.resolve for row in MATTER_LIMITS}
    assert limits["来信来访登记受理"] == (30, CD)
    assert limits["信访事项复查复核申请"] == (30, CD)
    assert limits["政府信息公开申请"] == (20, WD)
    disclosure = MatterFactory(
        organisation=org.organisation, department=org.social, name="政府信息公开申请"
    )
    letters = MatterFactory(
        organisation=org.organisation, department=org.social, name="来信来访登记受理"
    )
    kept = MatterFactory(organisation=org.organisation, department=org.social, name="工伤认定申请")
    make_policy(org.organisation, name="管理员设置", matter=kept, resolve=(45, CD))

    ensure_matter_time_limits(org.organisation, Recorder())
    ensure_matter_time_limits(org.organisation, Recorder())  # safe to run again

    policy = TimeLimitPolicy.objects.get(matter=disclosure)
    assert (policy.resolve_limit, policy.resolve_unit, policy.max_extension) == (20, WD, 20)
    assert policy.sign_for_limit == 1  # the other stages as the organisation's general policy
    assert "第三十三条" in policy.basis
    assert TimeLimitPolicy.objects.get(matter=letters).resolve_unit == CD
    assert TimeLimitPolicy.objects.get(matter=kept).resolve_limit == 45  # the admin's stays
    with translation.override("en"):
        assert matter_time_limit(disclosure) == "20 working days"
