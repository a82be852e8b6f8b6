"""Attachments on the staff pages: adding files on the case page, and the one download
view every link to a case's file goes through (case page, admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstask.dispatch import perform_form

from .. import access_log, permissions
from ..attachments.download import file_response
from ..forms.attachments import AttachForm, WithdrawAttachmentForm
from ..models import Case, CaseAttachment
from .access import staff_required
from .case_page import case_for, render_case

TOKEN_MAX = 43


def visible_attachment(user, token):
    """The attachment if ``user`` may open its case (``Case.objects.for_user``) and see
    the case's person; else 404, with no hint whether it exists: a confidential case's
    files follow its masking."""
    if not token or len(token) > TOKEN_MAX:
        raise Http404
    cases = Case.objects.for_user(user)
    attachment = get_object_or_404(
        CaseAttachment.objects.for_user(user).filter(case__in=cases).select_related("case"),
        token=token,
    )
    if not permissions.may_see_attachments(attachment.case, user):
        raise Http404
    if attachment.is_withdrawn and not permissions.may_open_withdrawn(attachment.case, user):
        raise Http404  # withdrawn: kept in the record, no longer served to the case's staff
    return attachment


@require_GET
@login_required
def download(request, token):
    attachment = visible_attachment(request.user, token)
    response = file_response(attachment)
    access_log.record_attachment_download(request.user, attachment.case)
    return response


@require_POST
@staff_required
def attach(request, pk):
    case = case_for(request, pk)
    if not permissions.may_attach(case, request.user):
        messages.error(request, _("You are not allowed to attach files to this case."))
        return redirect("cases:case", pk=case.pk)
    form = AttachForm(request.POST, request.FILES, case=case, user=request.user)
    if perform_form(request, form).done:
        return redirect("cases:case", pk=case.pk)
    return render_case(request, case, attach_form=form, status=400)


@require_POST
@staff_required
def withdraw(request, token):
    """Withdraw a file attached by mistake (the reason is asked); it stays in the record."""
    attachment = visible_attachment(request.user, token)
    form = WithdrawAttachmentForm(request.POST, attachment=attachment, user=request.user)
    if not perform_form(request, form).done:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("cases:case", args=[attachment.case_id]) + "#attachments")
