from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyMixin

from ..models import Notice, NoticeSettings


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(OrganisationScopedAdmin):
    list_display = ("organisation", "issuer", "abbreviation", "recipients", "printer")
    # A fieldset: the scoping drops the organisation from it for the organisation's own users.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    "issuer",
                    "abbreviation",
                    "recipients",
                    "copy_to",
                    "printer",
                )
            },
        ),
    )


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """Published notices: read only (they are published from the notice page)."""

    list_display = ("reference", "label", "title", "dated", "published_by", "published_at", "page")
    list_filter = ("year",)
    list_select_related = ("published_by", "organisation")
    search_fields = ("reference", "title", "label")
    ordering = ("-year", "-number")
    readonly_fields = fields = (
        "reference",
        "label",
        "title",
        "dated",
        "published_by",
        "published_at",
        "page",
    )
    actions = None

    @admin.display(description=_("document"))
    def page(self, obj):
        url = reverse("reports:notice", args=[obj.label])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?format=pdf">PDF</a>', url, _("Open"), url
        )
