"""Admin side of the organisation scoping: querysets, choices, filters, history."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ..access import organisation_of, sees_all_organisations
from ..scoping import is_scoped, scoped_queryset


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter offering only the user's organisation's rows."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = scoped_queryset(field.related_model, request.user)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


def _without(fields, hidden):
    """A fieldset's field lines without the hidden fields (lines may be tuples)."""
    kept = []
    for line in fields:
        if isinstance(line, list | tuple):
            line = tuple(name for name in line if name not in hidden)
            if line:
                kept.append(line)
        elif line not in hidden:
            kept.append(line)
    return tuple(kept)


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    """Base admin for every tenant-owned model.

    Non-platform users see, pick and open only their organisation's rows; the
    organisation field is filled in for them. History is read-only.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    # --- choices -----------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if is_scoped(db_field.related_model) and "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if is_scoped(db_field.related_model) and "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                if isinstance(field, models.ForeignKey | models.ManyToManyField) and is_scoped(
                    field.related_model
                ):
                    if field.name == "organisation" and not sees_all_organisations(request.user):
                        continue
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    # --- the organisation field --------------------------------------------------
    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not sees_all_organisations(request.user) and self._has_organisation_field():
            exclude.append("organisation")
        return exclude

    def get_fieldsets(self, request, obj=None):
        # Fieldsets are declared once for everyone; the fields a scoped user may not set
        # leave them here, so no admin can name a field its form no longer has.
        hidden = set(self.get_exclude(request, obj))
        fieldsets = super().get_fieldsets(request, obj)
        if not hidden or not self.fieldsets:
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], hidden)})
            for name, options in fieldsets
        ]

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if not sees_all_organisations(request.user) and "organisation" in display:
            display.remove("organisation")
        return display

    def save_model(self, request, obj, form, change):
        if self._has_organisation_field() and not sees_all_organisations(request.user):
            obj.organisation = organisation_of(request.user)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if self._has_organisation_field() and not sees_all_organisations(request.user):
            # Model validation (same-organisation checks, unique constraints) needs the
            # organisation before save_model runs.
            organisation = organisation_of(request.user)

            class WithOrganisation(form):
                def _post_clean(self):
                    self.instance.organisation = organisation
                    super()._post_clean()

            WithOrganisation.__name__ = form.__name__
            return WithOrganisation
        return form

    def _has_organisation_field(self):
        return getattr(self.model, "organisation_lookup", None) == "organisation"

    # --- deletes -----------------------------------------------------------------
    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.error(
                request,
                _("This record is still referred to and cannot be deleted. Deactivate it instead."),
            )
        return deleted, model_count, perms_needed, protected

    # --- history: scoped and read-only ---------------------------------------------
    # The record's field no history row precedes (a case's registration): set, the history
    # is read from then on, which on PostgreSQL reads only the history's partitions of the
    # months since (cases migration 0006).
    history_since = ""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self._scope_history(self._since(queryset, object_id), request)

    def _since(self, history, pk_value):
        if not self.history_since:
            return history
        start = (
            self.model._default_manager.filter(pk=pk_value)
            .values_list(self.history_since, flat=True)
            .first()
        )
        return history if start is None else history.filter(history_date__gte=start)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        if not str(version_id).isdigit():
            raise Http404
        history = self._scope_history(self._history_of(object_id), request)
        if not history.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self._scope_history(self._history_of(object_id), request).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def _history_of(self, object_id):
        pk_field = self.model._meta.pk
        try:
            pk_value = pk_field.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return self._since(self.model.history.filter(**{pk_field.attname: pk_value}), pk_value)

    def _scope_history(self, queryset, request):
        if sees_all_organisations(request.user):
            return queryset
        organisation = organisation_of(request.user)
        if organisation is None:
            return queryset.none()
        lookup = self.model.organisation_lookup
        lookup = "id" if lookup == "pk" else lookup
        return queryset.filter(**{lookup: organisation.pk})
