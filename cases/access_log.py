"""Writing the read-access log of personal data (``PersonalDataAccess``).

Display code calls these after it has chosen what to show: a case whose person is masked
for the user (``cases.masking``), or that has no personal data, writes nothing. A list
writes its page's rows in one INSERT.
"""

from collections.abc import Iterable

from django.db.models import Count, Q

from . import permissions
from .masking import PERSON_FIELDS
from .models import AccessPlace, Case, PersonalDataAccess

# What a list shows of the person: the summary column (name and phone).
SUMMARY_FIELDS = ("person_name", "person_phone")
# What a case page shows besides the summary.
DETAIL_FIELDS = tuple(field for field in PERSON_FIELDS if field not in SUMMARY_FIELDS)


def _identity_visible(case, user) -> bool:
    visible = getattr(case, "identity_visible", None)
    if visible is None:
        return permissions.may_see_identity(case, user)
    return bool(visible)


def shows_person(case, user, *, summary_only=False) -> bool:
    """Whether a page showing ``case`` to ``user`` shows personal data in clear."""
    if not _identity_visible(case, user):
        return False
    summary = not case.is_anonymous and any(getattr(case, f) for f in SUMMARY_FIELDS)
    if summary_only:
        return summary
    return summary or any(getattr(case, f) for f in DETAIL_FIELDS)


def _viewer(user):
    return {"viewer": user, "viewer_name": user.get_username()[:150]}


def record_case_views(user, cases: Iterable[Case], place, *, summary_only=False) -> int:
    """One row per case of ``cases`` whose person ``user`` sees in clear."""
    if user is None or not user.is_authenticated:
        return 0
    viewer = _viewer(user)
    rows = [
        PersonalDataAccess(organisation_id=case.organisation_id, case=case, place=place, **viewer)
        for case in cases
        if shows_person(case, user, summary_only=summary_only)
    ]
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)


def record_case_view(user, case, place) -> int:
    return record_case_views(user, [case], place)


def record_attachment_download(user, case) -> None:
    """One row per download of a case's file: a scan or photo may show the person whatever
    the case's person fields hold, so every download is written."""
    if user is None or not user.is_authenticated:
        return
    PersonalDataAccess.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        place=AccessPlace.ATTACHMENT,
        **_viewer(user),
    )


def with_person_in_clear(queryset, user):
    """The cases of ``queryset`` whose person ``user`` sees in clear (for an export)."""
    has_data = Q()
    for field in PERSON_FIELDS:
        has_data |= ~Q(**{field: ""})
    queryset = queryset.filter(has_data)
    if permissions.sees_confidential_identities(user):
        return queryset
    return queryset.filter(is_confidential=False)


def record_export(user, queryset, filters: str) -> list[PersonalDataAccess]:
    """One row for an export of ``queryset``'s cases (per organisation, for the platform
    operator's): how many show a person in clear, and the filters of the list it was
    asked from. Nothing when every case is masked or has no personal data."""
    if user is None or not user.is_authenticated:
        return []
    counts = (
        with_person_in_clear(queryset.order_by(), user)
        .values("organisation_id")
        .annotate(count=Count("pk"))
        .order_by("organisation_id")
    )
    viewer = _viewer(user)
    rows = [
        PersonalDataAccess(
            organisation_id=row["organisation_id"],
            place=AccessPlace.EXPORT,
            cases_count=row["count"],
            filters=filters[:2000],
            **viewer,
        )
        for row in counts
    ]
    return PersonalDataAccess.objects.bulk_create(rows)
