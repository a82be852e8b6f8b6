"""One small form per case action. The admin and the workspace pages both use them;
each form only validates input and hands it to the service layer."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from departments.models import Department, ExternalAgency, Matter, Staff
from firstask.dispatch import offered_form
from firstask.workflow import permitted

from .. import permissions, services
from ..choices import ContactResult, Kind, Outcome, Satisfaction, State, TransferRole
from ..models import Case
from ..services.rating import check_rating_review
from ..services.reclassification import check_reclassify
from ..services.supervision import check_mergeable, check_urge
from ..services.transfers import check_assign_handler
from .base import CaseActionForm
from .timelimits import TIME_LIMIT_FORMS


class TransferForm(CaseActionForm):
    label = _("Transfer")
    to_department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("Lead department")
    )
    assisting = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(), required=False, label=_("Assisting departments")
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Note")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = self.departments().exclude(pk=self.case.current_department_id)
        self.fields["to_department"].queryset = departments
        self.fields["assisting"].queryset = departments
        destination = services.transfers.default_destination(self.case)
        if self.case.is_returned and self.case.current_transfer.proposed_department_id:
            # The department the returning one named (checked by the service again).
            destination = self.case.current_transfer.proposed_department
        if destination is not None and destination.pk != self.case.current_department_id:
            self.fields["to_department"].initial = destination.pk

    def perform(self):
        data = self.cleaned_data
        return services.case_transfer(
            case=self.case,
            by=self.user,
            to_department=data["to_department"],
            assisting=list(data["assisting"]),
            note=data["note"],
        )


class AcceptForm(CaseActionForm):
    label = _("Sign for")
    handler = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("Handler"))
    needs_approval = forms.BooleanField(
        required=False,
        label=_("Needs leadership approval"),
        help_text=_(
            "The matter goes to the leadership or a superior body for approval: the longer "
            "time limit of the policy applies (10 working days under the municipal rules)."
        ),
    )
    note = forms.CharField(required=False, label=_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = self.staff_of_current_department()
        staff = getattr(self.user, "staff", None)
        if staff is not None and staff.department_id == self.case.current_department_id:
            self.fields["handler"].initial = staff.pk

    def perform(self):
        return services.case_accept(
            case=self.case,
            by=self.user,
            handler=self.cleaned_data["handler"],
            note=self.cleaned_data["note"],
            needs_approval=self.cleaned_data["needs_approval"],
        )


class AssignHandlerForm(AcceptForm):
    label = _("Assign handler")
    note = None
    needs_approval = None

    def perform(self):
        return services.case_assign_handler(
            case=self.case, by=self.user, handler=self.cleaned_data["handler"]
        )


NO_DUTY_ITEM = "none"


class ReturnForm(CaseActionForm):
    label = _("Return")
    duty_item = forms.ChoiceField(
        label=_("Whose duty list has it"),
        help_text=_(
            "The duty-list item that makes it another department's, or that none covers it."
        ),
    )
    proposed_department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Propose the right department"),
        help_text=_("Empty: the department of the duty-list item."),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason for return"),
        help_text=_("E.g. not in our duty list, wrong locality, shared duties."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        returning = self.case.current_department_id
        self.items = {
            str(m.pk): m
            for m in Matter.objects.for_organisation(self.case.organisation_id)
            .filter(is_active=True, department__is_active=True)
            .exclude(department=returning)
            .select_related("department")
            .order_by("department__sort_order", "department__name", "name")
        }
        self.fields["duty_item"].choices = [
            ("", "---------"),
            (NO_DUTY_ITEM, _("None of the duty list covers it")),
            *((pk, f"{m.department} · {m.name}") for pk, m in self.items.items()),
        ]
        self.fields["proposed_department"].queryset = self.departments().exclude(pk=returning)

    def clean_duty_item(self):
        value = self.cleaned_data["duty_item"]
        return None if value == NO_DUTY_ITEM else self.items[value]

    def perform(self):
        data = self.cleaned_data
        return services.case_return(
            case=self.case,
            by=self.user,
            reason=data["reason"],
            duty_item=data["duty_item"],
            proposed_department=data["proposed_department"],
        )


class PassOnForm(CaseActionForm):
    label = _("Pass on to another department")
    to_department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        label=_("Department whose duty it is"),
        help_text=_(
            "It signs for the case in turn (or returns it); the first-inquiry person keeps "
            "following it."
        ),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Opinion"),
        help_text=_("Why the case is that department's duty (written on the transfer)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = self.departments().exclude(
            pk=self.case.current_department_id
        )

    def perform(self):
        return services.case_pass_on(
            case=self.case,
            by=self.user,
            to_department=self.cleaned_data["to_department"],
            reason=self.cleaned_data["reason"],
        )


class RejectReturnForm(CaseActionForm):
    label = _("Reject return and force assignment")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Why the return is rejected")
    )

    def perform(self):
        return services.case_reject_return(
            case=self.case, by=self.user, note=self.cleaned_data["note"]
        )


class ResolveForm(CaseActionForm):
    label = _("Resolve")
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Outcome"))
    result = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Result"))
    notification_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("One-time notification"),
        help_text=_("Needed when the outcome is a one-time notification."),
    )
    referred_to = forms.ModelChoiceField(
        queryset=ExternalAgency.objects.none(), required=False, label=_("Referred to")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = ExternalAgency.objects.for_organisation(
            self.case.organisation_id
        ).filter(is_active=True)
        if self.case.matter_id:
            # Offered, not pre-filled: the script fills it in for a one-time notification only.
            self.fields["notification_text"].widget.attrs["data-materials"] = (
                self.case.matter.materials
            )

    def perform(self):
        return services.case_resolve(case=self.case, by=self.user, **self.inputs)


class CallBackForm(CaseActionForm):
    label = _("Call back")
    contact_result = forms.ChoiceField(choices=ContactResult.choices, label=_("Contact result"))
    satisfaction = forms.ChoiceField(
        choices=[("", "---------")] + [c for c in Satisfaction.choices if c[0] != "unreachable"],
        required=False,
        label=_("Satisfaction"),
    )
    praise = forms.BooleanField(required=False, label=_("The person praised the staff"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note")
    )

    def perform(self):
        return services.case_call_back(case=self.case, by=self.user, **self.inputs)


class ReopenForm(CaseActionForm):
    label = _("Reopen")
    to_department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department"),
        help_text=_("Empty: the department that resolved it."),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("What has to be done again")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = self.departments()

    def perform(self):
        return services.case_reopen(case=self.case, by=self.user, **self.inputs)


class RedoForm(ReopenForm):
    """The supervising office upholds the person's bad rating: the case is handled again."""

    label = _("Redo after the person's rating")

    def perform(self):
        return services.case_redo(case=self.case, by=self.user, **self.inputs)


class CloseRatingReviewForm(CaseActionForm):
    label = _("Close the rating review without a redo")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Why no redo is needed")
    )

    def perform(self):
        return services.rating_review_close(
            case=self.case, by=self.user, note=self.cleaned_data["note"]
        )


class UrgeForm(CaseActionForm):
    label = _("Urge")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Urging notice"))

    def perform(self):
        return services.case_urge(case=self.case, by=self.user, note=self.cleaned_data["note"])


class ReclassifyForm(CaseActionForm):
    label = _("Correct matter and kind")
    matter = forms.ModelChoiceField(
        queryset=Matter.objects.none(), required=False, label=_("Matter (duty list)")
    )
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Kind"))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Why it is corrected")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = (
            Matter.objects.for_organisation(self.case.organisation_id)
            .filter(is_active=True)
            .select_related("department")
            .order_by("department__sort_order", "department__name", "name")
        )
        self.fields["matter"].label_from_instance = lambda m: f"{m.department} · {m.name}"
        self.fields["matter"].initial = self.case.matter_id
        self.fields["kind"].initial = self.case.kind

    def perform(self):
        return services.case_reclassify(case=self.case, by=self.user, **self.inputs)


class MergeForm(CaseActionForm):
    label = _("Merge into another case")
    main = forms.ModelChoiceField(
        queryset=Case.objects.none(), label=_("Main case"), to_field_name="number"
    )
    note = forms.CharField(required=False, label=_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["main"].queryset = (
            Case.objects.for_organisation(self.case.organisation_id)
            .open()
            .counted()
            .exclude(pk=self.case.pk)
        )
        self.fields["main"].widget = forms.TextInput(attrs={"placeholder": "WW-2026-000001"})

    def perform(self):
        return services.case_merge(
            duplicate=self.case,
            main=self.cleaned_data["main"],
            by=self.user,
            note=self.cleaned_data["note"],
        )


class AssistOpinionForm(CaseActionForm):
    label = _("Give assisting opinion")
    opinion = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Opinion"))

    def perform(self):
        transfer = pending_assist(self.case, self.user)
        return services.case_record_assist_opinion(
            transfer=transfer, by=self.user, opinion=self.cleaned_data["opinion"]
        )


def pending_assist(case, user):
    """The assisting transfer of the user's department still waiting for its opinion."""
    staff = getattr(user, "staff", None)
    if staff is None or case.state != State.TRANSFERRED:
        return None
    return case.transfers.filter(
        role=TransferRole.ASSISTING,
        lead_transfer=case.current_transfer_id,
        to_department=staff.department_id,
        opinion_at__isnull=True,
    ).first()


TRANSITION_FORMS = {
    "transfer": TransferForm,
    "accept": AcceptForm,
    "return_transfer": ReturnForm,
    "pass_on": PassOnForm,
    "reject_return": RejectReturnForm,
    "resolve": ResolveForm,
    "call_back": CallBackForm,
    "reopen": ReopenForm,
    "redo": RedoForm,
}

OTHER_FORMS = {
    "assign_handler": (AssignHandlerForm, lambda c, u: permitted(check_assign_handler, c, u)),
    "reclassify": (
        ReclassifyForm,
        lambda c, u: permitted(check_reclassify, c, u),
    ),
    "urge": (UrgeForm, lambda c, u: permitted(check_urge, c, u)),
    "merge": (
        MergeForm,
        lambda c, u: permissions.may_merge(c, u) and permitted(check_mergeable, c),
    ),
    "assist_opinion": (AssistOpinionForm, lambda c, u: pending_assist(c, u) is not None),
    "close_rating_review": (
        CloseRatingReviewForm,
        lambda c, u: permitted(check_rating_review, c, u),
    ),
    **TIME_LIMIT_FORMS,
}


def available_actions(case, user):
    """(name, form class) for exactly the actions ``user`` may take on ``case`` now."""
    names = {
        t.name
        for t in case.get_available_user_state_transitions(user)
        if t.custom.get("admin", True)
    }
    actions = [(name, form) for name, form in TRANSITION_FORMS.items() if name in names]
    actions += [
        (name, form) for name, (form, allowed) in OTHER_FORMS.items() if allowed(case, user)
    ]
    return actions


def offered_action(request: HttpRequest, case: Case, name: str) -> type[CaseActionForm] | None:
    """The form of step ``name`` if the user may take it on ``case`` now (see
    firstask.dispatch.offered_form): the admin's buttons and the case page ask this."""
    return offered_form(
        request,
        name,
        form_of=action_form,
        available=available_actions(case, request.user),
        refused=_("This action is not available to you on this case now."),
    )


def action_form(name):
    if name in TRANSITION_FORMS:
        return TRANSITION_FORMS[name]
    if name in OTHER_FORMS:
        return OTHER_FORMS[name][0]
    return None
