"""The one mechanism that keeps every query inside the user's organisation.

Each tenant-owned model declares ``organisation_lookup`` (the ORM path to its
Organisation) and uses ``OrganisationQuerySet`` as its manager. Views, admin classes,
form choices, list filters, autocomplete and history views all go through
``for_user``; nothing filters by organisation ad hoc.
"""

from django.db import models

from .access import organisation_of, sees_all_organisations


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        organisation_id = getattr(organisation, "pk", organisation)
        return self.filter(**{self.model.organisation_lookup: organisation_id})

    def for_user(self, user):
        if sees_all_organisations(user):
            return self
        organisation = organisation_of(user)
        if organisation is None:
            return self.none()
        return self.for_organisation(organisation)


def scoped_queryset(model, user):
    """The model's rows visible to the user, for any model (scoped or global)."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    return queryset


def is_scoped(model):
    return hasattr(model, "organisation_lookup")
