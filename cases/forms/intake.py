"""The intake form (登记): everything the desk needs in one form, handed to
``case_register_and_route`` in one call, so a case is saved whole or not at all."""

import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from departments.models import Department, ExternalAgency, Matter, Staff

from .. import services
from ..choices import Channel, Kind, Outcome, Urgency
from ..errors import CaseActionError
from ..models import Case
from ..services import Route
from .attachments import AttachmentsField
from .staff_picker import StaffPicker

ROUTE_CHOICES = (
    (Route.HANDLE_NOW, _("Handle now")),
    (Route.ONE_TIME_NOTICE, _("One-time notification")),
    (Route.TRANSFER, _("Transfer")),
    (Route.REFER_OUT, _("Refer out")),
)
# The other two outcomes are routes of their own.
HANDLE_NOW_OUTCOMES = [
    (value, label)
    for value, label in Outcome.choices
    if value not in (Outcome.ONE_TIME_NOTIFIED, Outcome.REFERRED_OUT)
]
PERSON = ("name", "phone", "unit", "address", "email")


def _label(name):
    # The case's own field labels: one wording everywhere, already translated.
    return capfirst(Case._meta.get_field(name).verbose_name)


def _textarea(rows):
    return forms.Textarea(attrs={"rows": rows})


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(
        label=_label("channel"), choices=Channel.choices, initial=Channel.VISIT
    )
    kind = forms.ChoiceField(label=_label("kind"), choices=Kind.choices, initial=Kind.CONSULTATION)
    urgency = forms.ChoiceField(label=_label("urgency"), choices=Urgency.choices, initial="normal")

    is_anonymous = forms.BooleanField(label=_label("is_anonymous"), required=False)
    is_confidential = forms.BooleanField(
        label=_label("is_confidential"),
        required=False,
        help_text=_("Only supervisors and auditors see who it is. Always on for reports."),
    )
    person_name = forms.CharField(label=_label("person_name"), max_length=100, required=False)
    person_phone = forms.CharField(label=_label("person_phone"), max_length=50, required=False)
    person_unit = forms.CharField(label=_label("person_unit"), max_length=200, required=False)
    person_address = forms.CharField(label=_label("person_address"), max_length=300, required=False)
    person_email = forms.EmailField(label=_label("person_email"), required=False)

    matter_text = forms.CharField(label=_("What was asked"), widget=_textarea(3))
    matter = forms.ModelChoiceField(
        label=_label("matter"), queryset=Matter.objects.none(), required=False
    )
    first_staff = forms.ModelChoiceField(
        label=_label("first_staff"),
        queryset=Staff.objects.none(),
        widget=StaffPicker(placeholder=_("Name, badge number or department")),
    )
    asked_with = forms.CharField(
        label=_("Asked together with"),
        required=False,
        help_text=_("Badge numbers, separated by spaces. The higher rank is responsible."),
    )

    route = forms.ChoiceField(
        label=_("Route"), choices=ROUTE_CHOICES, widget=forms.RadioSelect, initial=Route.HANDLE_NOW
    )
    outcome = forms.ChoiceField(
        label=_label("outcome"), choices=HANDLE_NOW_OUTCOMES, required=False, initial="answered"
    )
    notification_text = forms.CharField(
        label=_("Materials still needed"),
        widget=_textarea(4),
        required=False,
        help_text=_("Filled in from the matter; everything the person must bring, in one go."),
    )
    to_department = forms.ModelChoiceField(
        label=_("Transfer to"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Empty: the matter's department, or the supervising office if unclear."),
    )
    handler = forms.ModelChoiceField(
        label=_("Suggested handler"),
        queryset=Staff.objects.none(),
        required=False,
        widget=StaffPicker(
            placeholder=_("Name or badge number"), department_from="id_to_department"
        ),
    )
    note = forms.CharField(label=_("Note for the department"), widget=_textarea(2), required=False)
    referred_to = forms.ModelChoiceField(
        label=_label("referred_to"), queryset=ExternalAgency.objects.none(), required=False
    )
    result = forms.CharField(
        label=_("Answer or explanation given"), widget=_textarea(3), required=False
    )

    attachments = AttachmentsField()

    # Filled in by the possible-duplicates panel (intake.js) from the cases it offers.
    related = forms.ModelMultipleChoiceField(
        label=_label("related_cases"), queryset=Case.objects.none(), required=False
    )
    repeat_of = forms.ModelChoiceField(
        label=_("Repeat of"), queryset=Case.objects.none(), required=False
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        organisation = staff.organisation_id
        earlier = Case.objects.for_user(staff.user)
        self.fields["related"].queryset = earlier
        self.fields["repeat_of"].queryset = earlier
        self.fields["matter"].queryset = (
            Matter.objects.for_organisation(organisation)
            .filter(is_active=True)
            .select_related("department")
            .order_by("department__sort_order", "department__name", "name")
        )
        people = Staff.objects.for_organisation(organisation).filter(is_active=True)
        for name in ("first_staff", "handler"):
            self.fields[name].queryset = people
            self.fields[name].widget.queryset = people
        self.fields["to_department"].queryset = Department.objects.for_organisation(
            organisation
        ).filter(is_active=True)
        self.fields["referred_to"].queryset = ExternalAgency.objects.for_organisation(
            organisation
        ).filter(is_active=True)
        self.fields["matter"].label_from_instance = lambda m: f"{m.department} · {m.name}"
        self.fields["first_staff"].initial = staff.pk
        self.fields["channel"].widget.attrs["autofocus"] = True
        self.fields["attachments"].describe_limits()

    def clean_asked_with(self):
        badges = [b for b in re.split(r"[\s,，、;；]+", self.cleaned_data["asked_with"]) if b]
        if not badges:
            return []
        found = {
            member.badge_number: member
            for member in self.fields["first_staff"].queryset.filter(badge_number__in=badges)
        }
        unknown = [badge for badge in badges if badge not in found]
        if unknown:
            raise forms.ValidationError(
                _("No active staff member has badge number %(badges)s.")
                % {"badges": "、".join(unknown)}
            )
        return list(dict.fromkeys(found[badge] for badge in badges))

    def clean(self):
        data = super().clean()
        route = data.get("route")
        required = {
            Route.HANDLE_NOW: {
                "outcome": _("Choose the outcome."),
                "result": _("Write the answer given to the person."),
            },
            Route.ONE_TIME_NOTICE: {
                "notification_text": _("List everything the person still has to bring."),
            },
            Route.REFER_OUT: {
                "referred_to": _("Choose the external agency."),
                "result": _("Write what was explained to the person."),
            },
        }.get(route, {})
        for field, message in required.items():
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        if route == Route.TRANSFER and data.get("handler") is not None:
            destination = data.get("to_department") or getattr(
                data.get("matter"), "department", None
            )
            if destination is None or data["handler"].department_id != destination.pk:
                self.add_error(
                    "handler", _("The suggested handler must work in the receiving department.")
                )
        return data

    def routing(self):
        data = self.cleaned_data
        route = data["route"]
        if route == Route.HANDLE_NOW:
            return {"outcome": data["outcome"], "result": data["result"]}
        if route == Route.ONE_TIME_NOTICE:
            return {"notification_text": data["notification_text"], "result": data["result"]}
        if route == Route.REFER_OUT:
            return {"referred_to": data["referred_to"], "result": data["result"]}
        return {
            "to_department": data["to_department"],
            "handler": data["handler"],
            "note": data["note"],
        }

    def register(self, *, by, at=None):
        """Register and route the case; on a refusal the error goes next to its field and
        None is returned (nothing was saved: the service runs in one transaction)."""
        data = self.cleaned_data
        try:
            return services.case_register_and_route(
                route=data["route"],
                routing=self.routing(),
                by=by,
                at=at,
                channel=data["channel"],
                kind=data["kind"],
                urgency=data["urgency"],
                matter_text=data["matter_text"],
                matter=data["matter"],
                person={name: data[f"person_{name}"] for name in PERSON},
                is_anonymous=data["is_anonymous"],
                is_confidential=data["is_confidential"],
                first_staff=data["first_staff"],
                asked_with=data["asked_with"],
                related=list(data["related"]),
                repeat_of=data["repeat_of"],
                attachments=data["attachments"],
            )
        except CaseActionError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
            return None
