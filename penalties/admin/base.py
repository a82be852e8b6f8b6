"""What the accountability admin pages share: period filter, read-only pages, form views."""

import datetime as dt

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.access import organisation_of

from ..errors import PenaltyActionError
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


class ReadOnlyMixin:
    """Rows written by the services only: no add, change or delete in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


def form_page(model_admin, request, form, *, title, back_url, original=None):
    """Show ``form``; on a valid POST run ``form.perform()`` and go to where it leads."""
    if request.method == "POST" and form.is_valid():
        try:
            result = form.perform()
        except PenaltyActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("%(action)s: done.") % {"action": form.label})
            url = getattr(result, "get_absolute_url", None)
            return HttpResponseRedirect(url() if url and original is None else back_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": original,
        "form": form,
        "title": title,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/penalties/action_form.html", context)


def user_organisation(request):
    return organisation_of(request.user)
