"""Intake (登记): register a case in one form; the matter search behind it."""

from datetime import timedelta

from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from departments.models import DutyRoster, Matter
from departments.models.roster import DutyRole

from .. import selectors
from ..forms.intake import IntakeForm
from ..timelimits.deadline_display import matter_time_limit
from .access import staff_required

MATTER_RESULTS = 12
# Possible duplicates offered while typing: cases registered in this many days.
DUPLICATE_DAYS = 30
DUPLICATE_RESULTS = 8


def reception_on_duty(organisation):
    return [
        entry.staff for entry in DutyRoster.objects.on_duty(organisation, role=DutyRole.RECEPTION)
    ]


@staff_required
def intake(request):
    staff = request.staff
    on_duty = reception_on_duty(staff.organisation)
    form = IntakeForm(request.POST or None, staff=staff)
    # "On behalf of the reception window": the window's person on duty was asked first.
    if request.GET.get("on_behalf") == "reception" and on_duty and not form.is_bound:
        form.fields["first_staff"].initial = on_duty[0].pk
    if request.method == "POST" and form.is_valid():
        case = form.register(by=request.user)
        if case is not None:
            return redirect("cases:receipt", pk=case.pk)
    return TemplateResponse(
        request,
        "cases/intake.html",
        {"form": form, "on_duty": on_duty, "duplicate_days": DUPLICATE_DAYS},
        status=400 if form.errors else 200,
    )


def _matter_json(matter):
    return {
        "id": matter.pk,
        "name": matter.name,
        "department": {"id": matter.department_id, "name": matter.department.name},
        "materials": matter.materials_list,
        "materials_text": matter.materials,
        "time_limit": matter_time_limit(matter),
        "is_public": matter.is_public,
    }


@require_GET
@staff_required
def matter_search(request):
    """Duty-list matters of the user's organisation matching every word of ``q`` in the
    name, keywords or department name."""
    words = request.GET.get("q", "").split()[:5]
    matters = Matter.objects.for_user(request.user).filter(
        is_active=True, department__is_active=True
    )
    matter_id = request.GET.get("id", "")
    if matter_id.isdigit():
        matters = matters.filter(pk=matter_id)
    for word in words:
        matters = matters.filter(
            Q(name__icontains=word)
            | Q(keywords__icontains=word)
            | Q(department__name__icontains=word)
        )
    matters = matters.select_related("department").order_by(
        "department__sort_order", "department__name", "name"
    )
    return JsonResponse({"results": [_matter_json(m) for m in matters[:MATTER_RESULTS]]})


@require_GET
@staff_required
def duplicates(request):
    """Possible duplicates of the case being typed: same phone, or same matter and address,
    in the last DUPLICATE_DAYS days. No person data: the clerk has the person in front."""
    phone = request.GET.get("phone", "").strip()[:50]
    address = request.GET.get("address", "").strip()[:300]
    matter_id = request.GET.get("matter", "")
    matter = None
    if matter_id.isdigit():
        matter = Matter.objects.for_user(request.user).filter(pk=matter_id).first()
    if not phone and not (matter and address):
        return JsonResponse({"results": []})
    since = timezone.now() - timedelta(days=DUPLICATE_DAYS)
    found = selectors.possible_duplicates(
        request.user,
        phone=phone,
        matter=matter,
        address=address,
        since=since,
        with_confidential=False,
    ).select_related("matter")[:DUPLICATE_RESULTS]
    return JsonResponse({"results": [_duplicate_json(case, phone) for case in found]})


def _duplicate_json(case, phone):
    return {
        "id": case.pk,
        "number": case.number,
        "registered_at": timezone.localtime(case.registered_at).strftime("%Y-%m-%d %H:%M"),
        "state": case.get_state_display(),
        "is_open": case.is_open,
        "matter": case.matter.name if case.matter else case.matter_text[:40],
        "department": case.current_department.name,
        "why": str(
            _("same phone")
            if phone and case.person_phone == phone
            else _("same matter and address")
        ),
        "url": reverse("cases:case", args=[case.pk]),
    }
