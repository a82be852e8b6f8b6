"""What the accountability admin pages share: the period filter and the form pages."""

import datetime as dt

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.access import organisation_of
from firstask.dispatch import admin_form_page, perform_form

from ..periods import quarter_of


class PeriodFilter(admin.SimpleListFilter):
    """This and the two previous years, and their quarters, on ``date_field``."""

    title = _("period")
    parameter_name = "period"
    date_field = "at"

    def lookups(self, request, model_admin):
        year = timezone.localdate().year
        choices = []
        for y in range(year, year - 3, -1):
            choices.append((str(y), str(y)))
            choices += [(f"{y}Q{q}", f"{y} Q{q}") for q in range(4, 0, -1)]
        return choices

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not value[:4].isdigit():
            return queryset
        year = int(value[:4])
        if "Q" in value and value[5:].isdigit() and 1 <= int(value[5:]) <= 4:
            period = quarter_of(dt.date(year, 3 * int(value[5:]) - 2, 1))
            start, end = period.start, period.end
        else:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        tz = timezone.get_current_timezone()
        return queryset.filter(
            **{
                f"{self.date_field}__gte": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
                f"{self.date_field}__lt": dt.datetime.combine(end, dt.time.min, tzinfo=tz),
            }
        )


def form_page(model_admin, request, form, *, title, back_url, original=None):
    """Show ``form``; on a valid POST run ``form.perform()`` and go to where it leads."""
    performed = perform_form(request, form)
    if performed.done:
        url = getattr(performed.result, "get_absolute_url", None)
        return HttpResponseRedirect(url() if url and original is None else back_url)
    return admin_form_page(
        model_admin,
        request,
        form,
        template="admin/penalties/action_form.html",
        title=title,
        original=original,
        back_url=back_url,
    )


def user_organisation(request):
    return organisation_of(request.user)
