"""The duty list (职责清单) and the external agencies."""

from departments.models import ExternalAgency, Matter

from . import data_matters_city, data_matters_letters, data_matters_office, data_matters_social
from .data_agencies import EXTERNAL_AGENCIES

MATTERS = (
    data_matters_office.MATTERS
    + data_matters_letters.MATTERS
    + data_matters_social.MATTERS
    + data_matters_city.MATTERS
)


def ensure_matters(organisation, departments, recorder):
    # Looked up by name across the organisation, so a matter an administrator moved to
    # another department is not created a second time in its old one.
    existing = set(Matter.objects.for_organisation(organisation).values_list("name", flat=True))
    for row in MATTERS:
        if row.name in existing:
            continue
        recorder.create(
            Matter,
            organisation=organisation,
            department=departments[row.department],
            name=row.name,
            keywords=row.keywords,
            description=row.description,
            materials="\n".join(row.materials),
            legal_basis=row.legal_basis,
            is_public=row.is_public,
        )


def ensure_agencies(organisation, recorder):
    existing = set(
        ExternalAgency.objects.for_organisation(organisation).values_list("name", flat=True)
    )
    for row in EXTERNAL_AGENCIES:
        if row.name not in existing:
            recorder.create(ExternalAgency, organisation=organisation, **row._asdict())
