"""The file field of every form that takes attachments (intake, case page, public page)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import services
from ..attachments.content import EXTENSIONS, check_uploads
from ..choices import AttachmentSource
from ..errors import InvalidInput

ACCEPT = ",".join([*EXTENSIONS, *(ext for exts in EXTENSIONS.values() for ext in exts)])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files, each checked by its content (``check_uploads``); cleans to a
    list of ``CheckedFile``. ``already`` is how many the case holds already."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Attachments"))
        super().__init__(**kwargs)
        self.already = 0
        self.widget.attrs["accept"] = ACCEPT

    def describe_limits(self):
        self.help_text = _(
            "Photos, scans, PDF and Office documents, checked by their content; at most "
            "%(size)s each and %(count)s per case. Photos are stored without their location."
        ) % {
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            "count": settings.ATTACHMENTS_PER_CASE,
        }
        return self

    def clean(self, data, initial=None):
        if not data:
            uploads = []
        elif isinstance(data, list | tuple):
            uploads = [super(AttachmentsField, self).clean(item, initial) for item in data]
        else:
            uploads = [super().clean(data, initial)]
        uploads = [upload for upload in uploads if upload]
        if self.required and not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            return check_uploads(uploads, already=self.already)
        except InvalidInput as error:
            raise forms.ValidationError(str(error), code="attachment") from None


class AttachForm(forms.Form):
    """The case page's "add files" step (run by ``firstask.dispatch.perform_form``)."""

    label = gettext_lazy("Add attachments")
    attachments = AttachmentsField(required=True)

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        field = self.fields["attachments"].describe_limits()
        field.already = case.attachments.current().count()

    def perform(self):
        return services.case_attach(
            case=self.case,
            files=self.cleaned_data["attachments"],
            by=self.user,
            source=AttachmentSource.DESK,
        )

    def done_message(self, attached):
        return ngettext("%(count)s file attached.", "%(count)s files attached.", len(attached)) % {
            "count": len(attached)
        }


class WithdrawAttachmentForm(forms.Form):
    """The case page's "withdraw" step for one file (run by ``perform_form``): the file is
    kept, with who withdrew it, when and why."""

    label = gettext_lazy("Withdraw the file")
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, attachment, user, **kwargs):
        kwargs.setdefault("prefix", f"withdraw-{attachment.pk}")
        super().__init__(*args, **kwargs)
        self.attachment = attachment
        self.user = user

    def perform(self):
        return services.case_withdraw_attachment(
            attachment=self.attachment, by=self.user, reason=self.cleaned_data["reason"]
        )

    def done_message(self, attachment):
        return _("File withdrawn; it is kept in the case's record.")
