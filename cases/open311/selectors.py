"""What the API may show of one jurisdiction: public matters, and the requests about them
that are not confidential."""

from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from departments.models import Matter, Organisation

from ..choices import AttachmentSource
from ..models import ApiSubmission, Case, CaseAttachment, Transfer


def jurisdiction(code: str) -> Organisation | None:
    code = (code or "").strip().upper()
    if not code.isascii() or not code.isalnum() or len(code) > 10:
        return None
    return Organisation.objects.filter(code=code, is_active=True).first()


def services(organisation: Organisation) -> QuerySet[Matter]:
    return (
        Matter.objects.for_organisation(organisation)
        .filter(is_public=True, is_active=True, department__is_active=True)
        .select_related("department")
        .order_by("department__sort_order", "department__name", "name", "pk")
    )


def service(organisation: Organisation, code: str) -> Matter | None:
    if not code.isascii() or not code.isdigit() or len(code) > 12:
        return None
    return services(organisation).filter(pk=int(code)).first()


REQUEST_FIELDS = (
    "organisation_id",
    "number",
    "kind",
    "channel",
    "state",
    "outcome",
    "registered_at",
    "transferred_at",
    "accepted_at",
    "resolved_at",
    "called_back_at",
    "current_transfer_id",
    "needs_approval",
    "promise_floor",
    "promised_by",
    "matter__name",
    "current_department__name",
    "current_clock__stage",
    "current_clock__due_at",
    "current_clock__met_at",
)


def public_requests(organisation: Organisation) -> QuerySet[Case]:
    """Cases shown as service requests: about a public matter, never confidential.

    ``is_joint`` says whether assisting departments take part (the promised date uses it).
    """
    assisted = Transfer.objects.filter(lead_transfer=OuterRef("current_transfer"))
    return (
        Case.objects.for_organisation(organisation)
        .filter(is_confidential=False, matter__is_public=True)
        .select_related("matter", "current_department", "current_clock")
        .annotate(is_joint=Exists(assisted))
        # What a service request shows, nothing else: the text fields are the bulk of a row.
        .only(*REQUEST_FIELDS)
    )


def submission_by_token(organisation: Organisation, token: str) -> ApiSubmission | None:
    if not token or len(token) > 40:
        return None
    return (
        ApiSubmission.objects.for_organisation(organisation)
        .select_related("case")
        .filter(token=token)
        .first()
    )


def media_urls(case_ids: Iterable[int], absolute: Callable[[str], str]) -> dict[int, str]:
    """The ``media_url`` of each of the cases that came with a file through the API (see
    ``media_of``): the address of ``views.MediaFile``, made absolute by ``absolute`` (the
    request's address in the API, the site's for webhooks)."""
    return {
        case_id: absolute(reverse("open311:media", args=[token]))
        for case_id, token in media_of(case_ids).items()
    }


def media_of(case_ids: Iterable[int]) -> dict[int, str]:
    """The token of each case's media: the first file that came in through the API (its
    ``media``), never one staff attached (scans of papers, an ID card). One query."""
    media: dict[int, str] = {}
    rows = (
        CaseAttachment.objects.current()
        .filter(case__in=list(case_ids), source=AttachmentSource.OPEN311)
        .order_by("uploaded_at", "pk")
        .values_list("case_id", "token")
    )
    for case_id, token in rows:
        media.setdefault(case_id, token)
    return media


def media_file(organisation: Organisation, token: str) -> CaseAttachment | None:
    """A file the API shows as ``media_url``: of a request the API shows (a public matter,
    not confidential) of the key's organisation, and sent through the API."""
    if not token or len(token) > 43:
        return None
    return (
        CaseAttachment.objects.for_organisation(organisation)
        .current()
        .filter(
            token=token,
            source=AttachmentSource.OPEN311,
            case__in=public_requests(organisation).values("pk"),
        )
        .first()
    )
