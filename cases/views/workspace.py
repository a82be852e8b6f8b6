"""The workspace: "my cases" and the department queue with bulk assignment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors
from ..access_log import record_case_views
from ..choices import Kind, State
from ..forms.bulk import BulkAssignForm
from ..models import AccessPlace
from .access import staff_required

PAGE_SIZE = 25
TAB_LABELS = {
    "follow_up": gettext_lazy("Registered by me (follow up, call back)"),
    "assigned": gettext_lazy("Assigned to me"),
    "incoming": gettext_lazy("Incoming to my department"),
}
QUEUE_LABELS = {
    "waiting": gettext_lazy("Waiting for a handler"),
    "in_handling": gettext_lazy("In handling"),
    "held": gettext_lazy("Held (not sent on)"),
}


FLAG_LABELS = {
    "returned": gettext_lazy("Returned"),
    "urged": gettext_lazy("Urged"),
    "overdue": gettext_lazy("Overdue"),
}


def _filters(request):
    return {
        name: request.GET.get(name, "").strip()[:100] for name in ("state", "kind", "q", "flag")
    }


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # The table shows each row's person (name and phone) unless masked: logged per row.
    page.object_list = list(page.object_list)
    record_case_views(request.user, page.object_list, AccessPlace.STAFF_LIST, summary_only=True)
    return page


def _list_context(request, page, filters):
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "states": State.choices,
        "kinds": Kind.choices,
        "flags": list(FLAG_LABELS.items()),
        "now": timezone.now(),
    }


@staff_required
def my_cases(request):
    tabs = selectors.my_tabs(request.staff)
    counts = selectors.tab_counts(request.user, tabs)
    tab = request.GET.get("tab")
    if tab not in tabs:
        tab = selectors.landing_tab(counts)
    filters = _filters(request)
    cases = selectors.filter_cases(selectors.tab_cases(request.user, tabs, tab), **filters)
    # Returned cases first: the desk has to send them on again.
    rows = selectors.list_rows(cases, request.user).order_by("returned_first", "-registered_at")
    page = _page(request, rows)
    context = _list_context(request, page, filters)
    context["tabs"] = [(name, TAB_LABELS[name], counts[name]) for name in tabs]
    context["tab"] = tab
    return TemplateResponse(request, "cases/my_cases.html", context)


@staff_required
def department_queue(request):
    departments = selectors.queue_departments(request.staff, request.user)
    if not departments:
        raise PermissionDenied
    chosen = [d for d in departments if str(d.pk) == request.GET.get("department")] or departments
    view = request.GET.get("view")
    if view not in selectors.QUEUE_VIEWS:
        view = "waiting"
    queue = selectors.department_queue(request.user, chosen)
    form = BulkAssignForm(request.POST or None, queue=queue, departments=chosen)
    if request.method == "POST":
        if form.is_valid():
            done, problems = form.assign(by=request.user)
            if done:
                messages.success(
                    request,
                    _("Assigned to %(name)s: %(cases)s")
                    % {"name": form.cleaned_data["handler"].name, "cases": "、".join(done)},
                )
            for problem in problems:
                messages.error(request, problem)
            return redirect(request.get_full_path())
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    filters = _filters(request)
    cases = selectors.filter_cases(queue.filter(selectors.QUEUE_VIEWS[view]), **filters)
    rows = selectors.list_rows(cases, request.user).order_by("returned_first", "registered_at")
    page = _page(request, rows)
    context = _list_context(request, page, filters)
    context.update(
        departments=departments,
        chosen=chosen,
        form=form,
        view=view,
        views=list(QUEUE_LABELS.items()),
    )
    return TemplateResponse(request, "cases/queue.html", context)
