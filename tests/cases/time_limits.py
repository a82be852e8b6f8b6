"""Helpers of the time-limit tests: a policy in one call, moments in Shanghai time."""

import datetime as dt

from cases import services as cases_services
from cases.choices import LimitUnit
from cases.models import TimeLimitPolicy
from tests.cases.conftest import SHANGHAI

WD, CD, H, MIN = (
    LimitUnit.WORKING_DAYS,
    LimitUnit.CALENDAR_DAYS,
    LimitUnit.HOURS,
    LimitUnit.MINUTES,
)


def at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


def make_policy(
    organisation, *, name="默认时限", kind="", channel="", matter=None, warning_share=75, **limits
):
    """A policy; limits as ``resolve=(3, WD)``; unset stages get the municipal defaults."""
    values = {
        "forward": (2, WD),
        "sign_for": (1, WD),
        "resolve": (3, WD),
        "joint_resolve": (None, WD),
        "callback": (2, WD),
        "max_extension": (None, WD),
    }
    values.update(limits)
    fields = {}
    for stage, (amount, unit) in values.items():
        if stage == "max_extension":
            fields["max_extension"], fields["max_extension_unit"] = amount, unit
        else:
            fields[f"{stage}_limit"], fields[f"{stage}_unit"] = amount, unit
    return TimeLimitPolicy.objects.create(
        organisation=organisation,
        name=name,
        kind=kind,
        channel=channel,
        matter=matter,
        warning_share=warning_share,
        **fields,
    )


def sent_at_the_desk(org, moment):
    """Registered and transferred at the desk in one step (the intake's "transfer")."""
    return cases_services.case_register_and_route(
        route=cases_services.Route.TRANSFER,
        routing={"to_department": org.social},
        by=org.clerk.user,
        channel="visit",
        kind="application",
        matter_text="咨询低保申请需要什么材料",
        matter=org.matter,
        person={"name": "市民甲", "phone": "13800000001"},
        at=moment,
    )
