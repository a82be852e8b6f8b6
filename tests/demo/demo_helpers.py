"""What both demo test modules share: the moment the demo is built at, and lookups."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import Case

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday morning in November 2026, so the roster month is 2026-11-01..30.
MOMENT = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)

# Overdue at any time of any day the demo is built, and only these (see data_cases.OPEN).
OVERDUE = {"钱伟": "resolve", "冯晓": "resolve", "蔡志明": "sign_for", "刘桂兰": "callback"}
IN_WARNING_WINDOW = {"郭玉兰", "钱国华"}  # a 30-day letter and a 10-day referral
# Waiting to be signed for since the last working day's afternoon: overdue once today's
# office hours are over.
OVERDUE_AFTER_CLOSING = {"邵磊"}


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def demo_user(username):
    return get_user_model().objects.select_related("staff__department").get(username=username)


def demo_cases(organisation):
    return Case.objects.for_organisation(organisation).select_related(
        "current_transfer", "current_clock", "current_department", "handler", "merged_into"
    )
