"""Forms of the public pages: receipt lookup and the complaint about a staff member."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Staff

from ..choices import RATING_LEVELS
from ..services.rating import COMMENT_LENGTH
from ..services.registration import QUERY_CODE_LENGTH
from .attachments import AttachmentsField


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "WW-2026-000123", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label=_("Query code"),
        max_length=QUERY_CODE_LENGTH * 2,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()


class ComplaintForm(forms.Form):
    staff = forms.CharField(
        label=_("Staff member (name or badge number)"),
        max_length=50,
        help_text=_("As on the badge or the on-duty board."),
    )
    chosen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("What happened"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where, and what the staff member did or refused to do."),
    )
    attachments = AttachmentsField(label=_("Photos or documents (optional)"))
    name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=50,
        required=False,
        help_text=_("Optional; for the callback. Kept confidential."),
    )
    # Left empty by people; filled in by form-filling robots.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.candidates = []
        self.fields["attachments"].describe_limits()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def clean(self):
        data = super().clean()
        query = (data.get("staff") or "").strip()
        if not query:
            return data
        people = Staff.objects.for_organisation(self.organisation).filter(is_active=True)
        chosen = data.get("chosen")
        matches = list(
            people.filter(Q(badge_number__iexact=query) | Q(name=query))
            .select_related("department")
            .order_by("department__name", "name")[:10]
        )
        if chosen is not None:
            matches = [member for member in matches if member.pk == chosen]
        if not matches:
            self.add_error("staff", _("No staff member with this name or badge number."))
        elif len(matches) > 1:
            self.candidates = matches
            self.add_error("staff", _("Several staff members have this name; choose one."))
        else:
            data["subject_staff"] = matches[0]
        return data

    def person(self):
        return {"name": self.cleaned_data["name"], "phone": self.cleaned_data["phone"]}


class RatingForm(forms.Form):
    """The person's rating (好差评): five levels and an optional comment. The case is named
    by the signed link (``t``) or by the number and query code of the lookup."""

    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the handling?"),
        choices=[(level.value, level.label) for level in RATING_LEVELS],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    t = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    number = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    code = forms.CharField(
        required=False, max_length=QUERY_CODE_LENGTH * 2, widget=forms.HiddenInput
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()
