"""The public pages (no login), per organisation: /p/<code>/...

They read only public data of the organisation in the address: a case's state,
responsible department, deadline and outcome (never the person, notes or staff phones),
public matters of active departments, and the on-duty board.
"""

from functools import wraps

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from departments.models import Department, DutyRoster, Matter, Organisation
from departments.models.roster import DutyRole

from .. import ratelimit
from ..choices import State
from ..errors import CaseActionError
from ..forms.public import ComplaintForm, LookupForm, RatingForm
from ..models import Case
from ..services import case_rate_by_person, case_register_public_complaint
from ..services.rating import case_for_token, rating_refusal
from ..timelimits.clocks import case_promise
from ..timelimits.deadline_display import DEADLINE_RELATED, matter_time_limits

PUBLIC_STATES = {
    State.REGISTERED: _("Received"),
    State.TRANSFERRED: _("Being handled by the responsible department"),
    State.RESOLVED: _("Handled; we will call you back"),
    State.CALLED_BACK: _("Closed"),
}
COMPLAINT_SESSION_KEY = "firstask_public_complaint"


def public_organisation(code):
    return get_object_or_404(Organisation, code=code.upper()[:10], is_active=True)


def too_many(request, organisation, limit):
    minutes = max(1, limit.seconds // 60)
    response = render(
        request,
        "cases/public/too_many.html",
        {"organisation": organisation, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(limit.seconds)
    return response


def throttled(view):
    """Every public page: ``PUBLIC_PAGES_PER_MINUTE`` requests per client address, shared
    by all of them (cases.ratelimit); past that a 429 page until the minute is over."""

    @wraps(view)
    def throttled_view(request, *args, **kwargs):
        limit = ratelimit.public_pages()
        if not ratelimit.allow(limit, request):
            code = kwargs.get("org", "")
            organisation = Organisation.objects.filter(code=code.upper()[:10], is_active=True)
            return too_many(request, organisation.first() if code else None, limit)
        return view(request, *args, **kwargs)

    return throttled_view


@throttled
def organisations(request):
    active = Organisation.objects.filter(is_active=True).order_by("name")
    return TemplateResponse(request, "cases/public/index.html", {"organisations": active})


@throttled
def home(request, org):
    organisation = public_organisation(org)
    return TemplateResponse(request, "cases/public/home.html", {"organisation": organisation})


def public_case(case):
    """What the person may see of their case, and nothing more."""
    department = case.current_department
    agency = case.referred_to if case.referred_to_id else None
    return {
        "number": case.number,
        "registered_at": case.registered_at,
        "state": PUBLIC_STATES[case.state],
        "matter": case.matter.name if case.matter_id else "",
        "department": department.name,
        "department_location": department.location,
        "department_phone": department.public_phone,
        "promised_by": case_promise(case),
        "promise_reason": case.promise_reason,
        "outcome": case.get_outcome_display() if case.outcome else "",
        "materials": [line for line in case.notification_text.splitlines() if line.strip()],
        "agency": agency,
    }


@never_cache
@throttled
def lookup(request, org):
    organisation = public_organisation(org)
    if ratelimit.is_blocked(ratelimit.FAILED_LOOKUPS, request, organisation.code):
        return too_many(request, organisation, ratelimit.FAILED_LOOKUPS)
    form = LookupForm(request.GET if "number" in request.GET else None)
    found, not_found = None, False
    if form.is_bound and form.is_valid():
        case = (
            Case.objects.on_receipt(
                organisation, form.cleaned_data["number"], form.cleaned_data["code"]
            )
            .select_related("current_department", "matter", "referred_to", *DEADLINE_RELATED)
            .first()
        )
        if case is None:
            # An unknown number and a wrong code look the same, and both count.
            ratelimit.count(ratelimit.FAILED_LOOKUPS, request, organisation.code)
            not_found = True
        else:
            found = public_case(case)
            found.update(_rating_offer(case, form.cleaned_data))
    context = {"organisation": organisation, "form": form, "found": found, "not_found": not_found}
    response = TemplateResponse(request, "cases/public/lookup.html", context)
    # The address carries the query code: do not hand it to other sites. (Same-origin, not
    # no-referrer: the rating form posts from this page, and a POST without its origin
    # would fail the CSRF check.)
    response["Referrer-Policy"] = "same-origin"
    return response


def _rating_offer(case, identity):
    """The person's rating of the round, or the form to give it once the case is resolved."""
    rating = case.ratings.filter(round=case.round).first()
    offer = {"rating": rating, "rating_form": None}
    if rating is None and rating_refusal(case) is None:
        offer["rating_form"] = RatingForm(initial=identity, auto_id="rate_%s")
    return offer


def _case_to_rate(organisation, data):
    """The case a rating form names: by its signed link, or by number and query code."""
    if data.get("t"):
        return case_for_token(organisation, data["t"])
    if data.get("number") and data.get("code"):
        return Case.objects.on_receipt(organisation, data["number"], data["code"]).first()
    return None


@never_cache
@throttled
def rate(request, org):
    """The person rates the handling of their resolved case (好差评), once per round."""
    organisation = public_organisation(org)
    if ratelimit.is_blocked(ratelimit.FAILED_LOOKUPS, request, organisation.code):
        return too_many(request, organisation, ratelimit.FAILED_LOOKUPS)
    posted = request.method == "POST"
    if posted:
        if ratelimit.is_blocked(ratelimit.RATINGS, request, organisation.code):
            return too_many(request, organisation, ratelimit.RATINGS)
        ratelimit.count(ratelimit.RATINGS, request, organisation.code)
    form = RatingForm(
        request.POST if posted else None, initial={"t": request.GET.get("t", "")[:300]}
    )
    identity = form.cleaned_data if posted and form.is_valid() else None
    if posted and identity is None:
        # The fields of the case itself are hidden and short: only a tampered form fails here.
        identity = {k: form.data.get(k, "")[:300] for k in ("t", "number", "code")}
        identity["number"], identity["code"] = identity["number"].upper(), identity["code"].upper()
    case = _case_to_rate(organisation, identity or form.initial)
    if case is None:
        ratelimit.count(ratelimit.FAILED_LOOKUPS, request, organisation.code)
        context = {"organisation": organisation, "not_found": True}
        return TemplateResponse(request, "cases/public/rate.html", context, status=404)
    done, refusal = None, rating_refusal(case)
    if posted and refusal is None and form.is_valid():
        try:
            done = case_rate_by_person(
                case=case,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except CaseActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
    context = {
        "organisation": organisation,
        "found": public_case(case),
        "form": form,
        "done": done,
        "refusal": refusal if done is None else None,
    }
    status = 400 if form.errors else 200
    response = TemplateResponse(request, "cases/public/rate.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the signed link is in the address
    return response


@throttled
def directory(request, org):
    organisation = public_organisation(org)
    q = request.GET.get("q", "").strip()[:50]
    matters = Matter.objects.for_organisation(organisation).filter(
        is_public=True, is_active=True, department__is_active=True
    )
    for word in q.split()[:5]:
        matters = matters.filter(
            Q(name__icontains=word)
            | Q(keywords__icontains=word)
            | Q(description__icontains=word)
            | Q(department__name__icontains=word)
        )
    departments = Department.objects.for_organisation(organisation).filter(is_active=True)
    if q:
        departments = departments.filter(pk__in=matters.values("department"))
    departments = departments.prefetch_related(
        Prefetch("matters", queryset=matters.order_by("name"), to_attr="public_matters")
    ).order_by("sort_order", "name")
    departments = list(departments)
    shown = [matter for department in departments for matter in department.public_matters]
    limits = matter_time_limits(shown)
    for matter in shown:
        matter.time_limit = limits.get(matter.pk)
    context = {"organisation": organisation, "departments": departments, "q": q}
    return TemplateResponse(request, "cases/public/directory.html", context)


ROLE_ORDER = {DutyRole.RECEPTION: 0, DutyRole.DEPARTMENT: 1, DutyRole.OVERALL: 2}


@throttled
def on_duty(request, org):
    organisation = public_organisation(org)
    now = timezone.now()
    entries = sorted(
        DutyRoster.objects.on_duty(organisation, now),
        key=lambda e: (ROLE_ORDER.get(e.role, 3), e.department.sort_order, e.department.name),
    )
    context = {"organisation": organisation, "entries": entries, "now": now}
    return TemplateResponse(request, "cases/public/on_duty.html", context)


@throttled
def complaint(request, org):
    organisation = public_organisation(org)
    form = ComplaintForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST":
        if ratelimit.is_blocked(ratelimit.COMPLAINTS, request, organisation.code):
            return too_many(request, organisation, ratelimit.COMPLAINTS)
        ratelimit.count(ratelimit.COMPLAINTS, request, organisation.code)
        if form.is_valid():
            try:
                case = case_register_public_complaint(
                    organisation=organisation,
                    subject_staff=form.cleaned_data["subject_staff"],
                    text=form.cleaned_data["text"],
                    person=form.person(),
                    attachments=form.cleaned_data["attachments"],
                )
            except CaseActionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                request.session[COMPLAINT_SESSION_KEY] = {
                    "org": organisation.code,
                    "number": case.number,
                    "code": case.query_code,
                }
                return redirect("public:complaint_done", org=organisation.code)
    context = {"organisation": organisation, "form": form}
    return TemplateResponse(
        request, "cases/public/complaint.html", context, status=400 if form.errors else 200
    )


@throttled
def complaint_done(request, org):
    organisation = public_organisation(org)
    submitted = request.session.get(COMPLAINT_SESSION_KEY)
    if not submitted or submitted.get("org") != organisation.code:
        return redirect("public:complaint", org=organisation.code)
    context = {"organisation": organisation, "submitted": submitted}
    return TemplateResponse(request, "cases/public/complaint_done.html", context)
