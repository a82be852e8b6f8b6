"""The outbox in the admin: backlog and dead letters, scoped like every tenant's rows.

The platform operator sees every message; an organisation's administrators see the
messages marked with their organisation. Nothing is edited by hand: the one action
gives messages a fresh set of attempts.
"""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from firstask import outbox
from firstask.models import OutboxMessage

from ..access import has_role, organisation_of, sees_all_organisations
from ..roles import Role


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "topic",
        "state",
        "attempts",
        "created_at",
        "available_at",
        "sent_at",
        "error",
    )
    list_filter = ("state", "topic")
    search_fields = ("topic", "ordering_key")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    actions = ("retry_messages",)
    readonly_fields = (
        "topic",
        "payload",
        "ordering_key",
        "organisation_id",
        "state",
        "attempts",
        "attempted_at",
        "available_at",
        "last_error",
        "created_at",
        "sent_at",
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all_organisations(request.user):
            return queryset
        organisation = organisation_of(request.user)
        if organisation is None or not has_role(request.user, Role.ADMINISTRATOR):
            return queryset.none()
        return queryset.filter(organisation_id=organisation.pk)

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if sees_all_organisations(request.user):
            display.append("organisation_id")
        return display

    @admin.display(description=_("last error"))
    def error(self, message):
        return Truncator(message.last_error).chars(80)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the selected messages now"), permissions=["change"])
    def retry_messages(self, request, queryset):
        count = outbox.retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be delivered again.",
                "%(count)d messages will be delivered again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
