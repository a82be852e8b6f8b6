"""What the API may show of one jurisdiction: public matters, and the requests about them
that are not confidential."""

from django.db.models import Exists, OuterRef, QuerySet

from departments.models import Matter, Organisation

from ..models import ApiSubmission, Case, Transfer


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
