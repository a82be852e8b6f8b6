"""The case page: the whole case, its timeline, and a small form for each step the user
may take now (the forms of cases/forms/actions.py, calling the service layer)."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from firstask.dispatch import perform_form

from .. import permissions, selectors
from ..access_log import record_case_view
from ..forms.actions import available_actions, offered_action
from ..forms.attachments import AttachForm, WithdrawAttachmentForm
from ..masking import with_identity_visibility
from ..models import AccessPlace
from ..timelimits.clocks import case_promise
from ..timelimits.deadline_display import DEADLINE_RELATED
from .access import staff_required

CASE_RELATED = (
    "organisation",
    "matter__department",
    "first_staff",
    "first_department",
    "current_department",
    "handler",
    "registered_by",
    "referred_to",
    "subject_staff",
    "current_transfer",
    "merged_into",
)


def case_for(request, pk):
    """The case if the user may see it; 404 otherwise (no hint that it exists)."""
    queryset = with_identity_visibility(selectors.visible_cases(request.user), request.user)
    return get_object_or_404(queryset.select_related(*CASE_RELATED, *DEADLINE_RELATED), pk=pk)


def _duplicates(case, user):
    if case.is_anonymous or not case.identity_visible or case.merged_into_id:
        return []
    found = selectors.possible_duplicates(
        user, phone=case.person_phone, matter=case.matter, exclude=case
    )
    return list(found[:5])


def attachments_context(case, user, attach_form=None):
    """The case's files for the page: listed only to those who may open them (a
    confidential case's files follow its masking); the "add files" form when allowed."""
    visible = permissions.may_see_attachments(case, user)
    attachments = (
        list(case.attachments.select_related("uploaded_by", "withdrawn_by")) if visible else []
    )
    may_attach = permissions.may_attach(case, user)
    if attach_form is None and may_attach:
        attach_form = AttachForm(case=case, user=user)
    # A withdrawn file stays listed (who withdrew it, when, why), linked only for those who
    # may still open it; the others may be withdrawn by whoever may add files.
    opens_withdrawn = permissions.may_open_withdrawn(case, user)
    for attachment in attachments:
        attachment.openable = not attachment.is_withdrawn or opens_withdrawn
        attachment.withdraw_form = (
            WithdrawAttachmentForm(attachment=attachment, user=user)
            if may_attach and not attachment.is_withdrawn
            else None
        )
    return {
        "attachments": attachments,
        "attachments_hidden": 0 if visible else case.attachments.current().count(),
        "attach_form": attach_form,
    }


def render_case(request, case, *, open_form=None, attach_form=None, status=200):
    forms = []
    for name, form_class in available_actions(case, request.user):
        if open_form is not None and open_form[0] == name:
            forms.append((name, open_form[1]))
        else:
            forms.append((name, form_class(case=case, user=request.user, prefix=name)))
    context = {
        "case": case,
        "action_forms": forms,
        "open_action": open_form[0] if open_form else None,
        "events": case.timeline().select_related("actor", "department"),
        "transfers": case.transfers.select_related(
            "from_department",
            "to_department",
            "accepted_by",
            "returned_by",
            "return_duty_item",
            "proposed_department",
        ),
        "callbacks": case.callbacks.select_related("by"),
        "duplicates": _duplicates(case, request.user),
        "promised": case_promise(case),
        "now": timezone.now(),
        **attachments_context(case, request.user, attach_form),
    }
    response = TemplateResponse(request, "cases/case_page.html", context, status=status)
    record_case_view(request.user, case, AccessPlace.STAFF_CASE)
    return response


@staff_required
def case_page(request, pk):
    return render_case(request, case_for(request, pk))


@require_POST
@staff_required
def case_action(request, pk, action):
    case = case_for(request, pk)
    form_class = offered_action(request, case, action)
    if form_class is None:
        return redirect("cases:case", pk=case.pk)
    form = form_class(request.POST, case=case, user=request.user, prefix=action)
    if perform_form(request, form).done:
        return redirect("cases:case", pk=case.pk)
    return render_case(request, case, open_form=(action, form), status=400)
