"""Publishing the quarterly notice (通报): lock the period, number it, keep what was published.

Numbers run per organisation and year of issue (〔2026〕1号, 2号, …) without gaps or
duplicates: publishing locks the organisation's row, so two supervisors publishing at the
same moment are served one after the other; the unique constraints are the last word.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.acting import acting_staff_member
from departments.models import Organisation
from firstask.workflow import Login

from .. import permissions
from ..errors import ActionNotAllowed
from ..models import AssessmentPeriod, Notice, NoticeSettings
from ..periods import QUARTER, Period
from ..reports import notice_document
from .assessments import assessment_lock


def published_notice(organisation, period: Period) -> Notice | None:
    return Notice.objects.filter(organisation=organisation, label=period.label).first()


@transaction.atomic
def notice_publish(
    *, by: Login, organisation: Organisation, period: Period, now: dt.datetime | None = None
) -> Notice:
    """A supervisor publishes the notice of a closed, finally assessed quarter: the
    assessment is locked (if it was not yet), the notice gets the next number of the
    year and the document is stored as it reads now."""
    refused = _("Only supervisors publish notices.")
    staff = acting_staff_member(by, organisation.pk, inactive=refused, elsewhere=refused)
    if not permissions.may_publish_notices(by):
        raise ActionNotAllowed(refused)
    if period.kind != QUARTER:
        raise ActionNotAllowed(_("Only a quarter's notice is published."))
    now = now or timezone.now()
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    run = (
        AssessmentPeriod.objects.select_for_update()
        .filter(organisation=organisation, label=period.label)
        .first()
    )
    if run is None:
        raise ActionNotAllowed(
            _("%(period)s has not been assessed yet: compute its assessment first.")
            % {"period": period.label}
        )
    published = published_notice(organisation, period)
    if published is not None:
        raise ActionNotAllowed(
            _("The notice of %(period)s was published already, as %(reference)s.")
            % {"period": period.label, "reference": published.reference}
        )
    if not run.is_locked:
        run = assessment_lock(by=by, run=run, now=now)
    dated = timezone.localtime(now, timezone.get_default_timezone()).date()
    last = Notice.objects.filter(organisation=organisation, year=dated.year).aggregate(
        last=Max("number")
    )["last"]
    number = (last or 0) + 1
    prefix = NoticeSettings.for_organisation(organisation).abbreviation or organisation.code
    reference = notice_document.reference(prefix, dated.year, number)
    document = notice_document.build(
        organisation, period, dated=dated, reference_text=reference, now=now
    )
    notice = Notice(
        organisation=organisation,
        assessment=run,
        label=period.label,
        year=dated.year,
        number=number,
        reference=reference,
        title=document.title_text,
        dated=dated,
        published_at=now,
        published_by=staff,
        content=document.to_snapshot(),
    )
    notice._history_user = by
    notice.save()
    return notice
